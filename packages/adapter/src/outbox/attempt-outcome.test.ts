import type { ServerTextKey } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { SecretUnreadableError } from '../crypto/secret-box.js';
import { englishText } from '../failures/server-text.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyGraphAnswer } from '../graph/classify-graph.js';
import { MailerNotConfiguredError } from '../mailer/mailer-not-configured-error.js';
import { toSmtpFailure } from '../mailer/to-smtp-failure.js';
import { StoredSettingsInvalidError } from '../settings/sealed-record.js';
import { attemptOutcome, expiredFailure, type FailureAction } from './attempt-outcome.js';
import { StoredMessageError } from './stored-message.js';

/** An error as nodemailer raises it, classified the way the mailer classifies what a send threw. */
function nodemailerError(fields: Record<string, unknown>): SmtpFailure {
  return toSmtpFailure(Object.assign(new Error(String(fields.message ?? 'failed')), fields), 587);
}

/** A Microsoft Graph answer as the mailer's Graph transport classifies it. */
const graph = (status: number, errorCode: string, errorMessage = '', retryAfter?: string) =>
  classifyGraphAnswer(
    { status, errorCode, errorMessage, retryAfter },
    { stage: 'send', mailbox: 'notifications@contoso.com', signIn: 'application' },
  );

const reply = (code: string, response: string, command: string) =>
  nodemailerError({ code, response, responseCode: Number(response.slice(0, 3)), command });

const CASES: Array<[string, unknown, FailureAction, string]> = [
  // The path to the server: retried with backoff.
  [
    'a refused connection (a server restarting)',
    nodemailerError({ code: 'ECONNREFUSED' }),
    'retry',
    'CONNECTION_REFUSED',
  ],
  ['a reset connection', nodemailerError({ code: 'ECONNRESET' }), 'retry', 'CONNECTION_LOST'],
  ['a timeout', nodemailerError({ code: 'ETIMEDOUT' }), 'retry', 'TIMEOUT'],
  [
    'DNS failing for now',
    nodemailerError({ code: 'EAI_AGAIN', hostname: 'smtp.example.com' }),
    'retry',
    'DNS_NOT_FOUND',
  ],
  ['a 421 greeting', reply('ECONNECTION', '421 4.3.2 Service not available', 'CONN'), 'retry', 'SMTP_ERROR'],
  ['a 451 to DATA', reply('EMESSAGE', '451 4.3.0 Temporary failure', 'DATA'), 'retry', 'SMTP_ERROR'],
  ['a 450 mailbox busy', reply('EENVELOPE', '450 4.2.1 Mailbox busy', 'RCPT TO'), 'retry', 'SMTP_ERROR'],
  [
    'throttling',
    reply('EENVELOPE', '452 4.5.3 Too many recipients; rate limit exceeded', 'RCPT TO'),
    'retry',
    'RATE_LIMITED',
  ],
  [
    'an unreachable token endpoint',
    new SmtpFailure('TOKEN_ENDPOINT_UNREACHABLE', 'failure.tokenEndpointUnreachable', {
      stage: 'auth',
      params: { provider: 'Google' },
      transient: true,
    }),
    'retry',
    'TOKEN_ENDPOINT_UNREACHABLE',
  ],
  [
    'an error of the store',
    Object.assign(new Error('SQLITE_BUSY'), { code: 'SQLITE_BUSY' }),
    'retry',
    'SMTP_ERROR',
  ],
  [
    'content sealed with a key this process lacks',
    new StoredMessageError('unreadable'),
    'retry',
    'SMTP_ERROR',
  ],
  // The message: failed at once.
  [
    'a 550 for the recipient',
    reply('EENVELOPE', '550 5.1.1 User unknown', 'RCPT TO'),
    'fail',
    'RECIPIENT_REJECTED',
  ],
  [
    'a message too large',
    reply('EMESSAGE', '552 5.3.4 Message size exceeds fixed limit', 'DATA'),
    'fail',
    'MESSAGE_REJECTED',
  ],
  [
    'content refused',
    reply('EMESSAGE', '554 5.7.1 Message rejected as spam', 'DATA'),
    'fail',
    'MESSAGE_REJECTED',
  ],
  [
    'a header the mailer refuses',
    new TypeError('The X-Note header has a line break.'),
    'fail',
    'MESSAGE_REJECTED',
  ],
  ['content in no form this version reads', new StoredMessageError('invalid'), 'fail', 'MESSAGE_REJECTED'],
  // The settings: the tenant is held until an admin saves.
  [
    'a wrong password',
    reply('EAUTH', '535 5.7.8 Authentication credentials invalid', 'AUTH PLAIN'),
    'hold',
    'AUTH_FAILED',
  ],
  [
    'SMTP AUTH turned off (Microsoft 365)',
    reply(
      'EAUTH',
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
      'AUTH LOGIN',
    ),
    'hold',
    'SMTP_AUTH_DISABLED',
  ],
  [
    'Send As refused',
    reply(
      'EENVELOPE',
      '554 5.2.252 SendAsDenied; mailer@example.com not allowed to send as ceo@example.com',
      'MAIL FROM',
    ),
    'hold',
    'SENDER_REJECTED',
  ],
  [
    'a revoked refresh token',
    new SmtpFailure('TOKEN_REVOKED', 'failure.noAccessToken', { stage: 'auth' }),
    'hold',
    'TOKEN_REVOKED',
  ],
  [
    'an untrusted certificate',
    nodemailerError({ code: 'ESOCKET', originalCode: 'SELF_SIGNED_CERT_IN_CHAIN' }),
    'hold',
    'TLS_CERT_INVALID',
  ],
  [
    'a host that does not exist',
    nodemailerError({ code: 'EDNS', hostname: 'smtp.exampel.com' }),
    'hold',
    'DNS_NOT_FOUND',
  ],
  [
    'a login the server requires',
    reply('EENVELOPE', '530 5.7.0 Authentication required', 'MAIL FROM'),
    'hold',
    'AUTH_REQUIRED',
  ],
  ['nothing saved', new MailerNotConfiguredError('acme'), 'hold', 'NOT_CONFIGURED'],
  // Microsoft Graph: busy or throttling is retried; permissions, policies and mailboxes hold.
  ['Graph unavailable (503)', graph(503, 'ServiceUnavailable'), 'retry', 'SERVICE_UNAVAILABLE'],
  ['Graph throttling (429)', graph(429, 'TooManyRequests', '', '30'), 'retry', 'RATE_LIMITED'],
  ['a Graph permission missing', graph(403, 'ErrorAccessDenied'), 'hold', 'GRAPH_ACCESS_DENIED'],
  [
    'an application access policy',
    graph(403, 'ErrorAccessDenied', 'Blocked by tenant configured AppOnly AccessPolicy settings.'),
    'hold',
    'GRAPH_POLICY_DENIED',
  ],
  ['no such mailbox', graph(404, 'ErrorInvalidUser'), 'hold', 'MAILBOX_NOT_FOUND'],
  ['an unlicensed mailbox', graph(404, 'MailboxNotEnabledForRESTAPI'), 'hold', 'MAILBOX_NOT_LICENSED'],
  ['Graph refusing the token twice', graph(401, 'InvalidAuthenticationToken'), 'hold', 'AUTH_FAILED'],
  ['Graph refusing Send As', graph(403, 'ErrorSendAsDenied'), 'hold', 'SENDER_REJECTED'],
  ['Graph refusing a recipient', graph(400, 'ErrorInvalidRecipients'), 'fail', 'RECIPIENT_REJECTED'],
  ['stored settings not valid', new StoredSettingsInvalidError('acme', ['port']), 'hold', 'NOT_CONFIGURED'],
  [
    'a saved secret this process cannot open',
    new SecretUnreadableError('password', 'unknown-key', 'k1'),
    'hold',
    'NOT_CONFIGURED',
  ],
];

describe('attemptOutcome', () => {
  it.each(CASES.map(([name, error, action, code]) => ({ name, error, action, code })))(
    '$name → $action ($code)',
    ({ error, action, code }) => {
      const outcome = attemptOutcome(error);
      expect(outcome.action).toBe(action);
      expect(outcome.failure.code).toBe(code);
      expect(outcome.failure.hint).not.toBe('');
    },
  );

  it("carries the server's Retry-After on a retry, and on nothing else", () => {
    expect(attemptOutcome(graph(429, 'TooManyRequests', '', '30')).retryAfterMs).toBe(30_000);
    expect(attemptOutcome(graph(503, 'ServiceUnavailable')).retryAfterMs).toBeUndefined();
    expect(attemptOutcome(graph(403, 'ErrorAccessDenied')).retryAfterMs).toBeUndefined();
  });

  it('keeps what the classifier found: stage, server reply and hint', () => {
    const { failure } = attemptOutcome(
      reply('EENVELOPE', '550 5.1.1 <gone@example.com>: User unknown', 'RCPT TO'),
    );
    expect(failure).toEqual({
      code: 'RECIPIENT_REJECTED',
      stage: 'envelope',
      message: 'The server refused the recipient address.',
      messageKey: 'failure.recipientRefused',
      serverReply: '550 5.1.1 <gone@example.com>: User unknown',
      hint: 'The server refused the recipient address; check it or try an address in your own domain.',
      hintKey: 'hint.RECIPIENT_REJECTED',
      params: { port: 587 },
    });
  });

  it('marks faults of this process for the operator, never mail failures', () => {
    expect(attemptOutcome(new Error('disk I/O error')).operational).toBe(true);
    expect(attemptOutcome(new StoredMessageError('unreadable')).operational).toBe(true);
    expect(
      attemptOutcome(reply('EAUTH', '535 5.7.8 Authentication credentials invalid', 'AUTH PLAIN'))
        .operational,
    ).toBeUndefined();
  });

  it('names an unexpected error by its name only', () => {
    const { failure } = attemptOutcome(new RangeError('secret-in-a-message-never-shown'));
    expect(failure).toEqual({
      code: 'SMTP_ERROR',
      message: 'An unexpected error (RangeError) stopped the attempt before the server answered.',
      messageKey: 'failure.attemptUnexpected',
      hint: 'The server reported a temporary problem; try again in a few minutes.',
      hintKey: 'hint.temporary',
      params: { name: 'RangeError' },
    });
    expect(JSON.stringify(failure)).not.toContain('secret-in-a-message');
  });

  it.each([
    [
      'nothing saved',
      new MailerNotConfiguredError('acme'),
      'failure.notConfigured',
      'hint.notConfigured',
      { tenant: 'acme' },
    ],
    [
      'stored settings not valid',
      new StoredSettingsInvalidError('acme', ['port', 'fromEmail']),
      'failure.settingsInvalid',
      'hint.settingsInvalid',
      { fields: 'port, fromEmail' },
    ],
    [
      'a saved secret this process cannot open',
      new SecretUnreadableError('password', 'unknown-key', 'k1'),
      'failure.secretUnreadable',
      'hint.secretUnreadable',
      { field: 'password' },
    ],
    [
      'content sealed with a key this process lacks',
      new StoredMessageError('unreadable'),
      'failure.messageUnreadable',
      'hint.messageUnreadable',
      undefined,
    ],
    [
      'content in no form this version reads',
      new StoredMessageError('invalid'),
      'failure.messageUnsupported',
      'hint.messageUnsupported',
      undefined,
    ],
  ])(
    'words %s by its keys and params, the English filled from them',
    (_, error, messageKey, hintKey, params) => {
      const { failure } = attemptOutcome(error);
      expect(failure).toMatchObject({ messageKey, hintKey });
      expect(failure.params).toEqual(params);
      expect(failure.message).toBe(englishText(messageKey as ServerTextKey, params));
      expect(failure.hint).toBe(englishText(hintKey as ServerTextKey, params));
    },
  );
});

describe('expiredFailure', () => {
  it('says how long, and keeps the last attempt’s failure', () => {
    const last = attemptOutcome(
      nodemailerError({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 2525 }),
    ).failure;
    expect(expiredFailure(48 * 3_600_000, last)).toMatchObject({
      code: 'EXPIRED',
      stage: 'connect',
      message: `Not delivered within 48 hours; the last attempt failed: ${last.message}`,
    });
    expect(expiredFailure(90 * 60_000).message).toBe('Not delivered within 90 minutes of being handed over.');
    expect(expiredFailure(1_000).message).toBe('Not delivered within 1 second of being handed over.');
    expect(expiredFailure(90_061_000).message).toBe(
      'Not delivered within 90061 seconds of being handed over.',
    );
  });

  it('sends the span as an amount and unit, and the last failure as a text with its key and params', () => {
    const last = attemptOutcome(
      nodemailerError({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 2525 }),
    ).failure;
    expect(last).toMatchObject({ messageKey: 'failure.connectionRefusedAt' });
    expect(expiredFailure(48 * 3_600_000, last)).toEqual({
      code: 'EXPIRED',
      stage: 'connect',
      message: `Not delivered within 48 hours; the last attempt failed: ${last.message}`,
      messageKey: 'failure.expiredAfter',
      hint: englishText('hint.expired'),
      hintKey: 'hint.expired',
      params: {
        ...last.params,
        span: 48,
        spanUnit: 'hour',
        last: last.message,
        lastKey: 'failure.connectionRefusedAt',
      },
    });
    expect(expiredFailure(90 * 60_000)).toMatchObject({
      messageKey: 'failure.expired',
      params: { span: 90, spanUnit: 'minute' },
    });
  });
});
