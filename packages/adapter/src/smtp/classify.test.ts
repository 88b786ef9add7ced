import type { SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { HINTS } from '../failures/hints.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyError, classifyReply, classifyTokenError } from './classify.js';
import { ProbeError } from './probe/probe-error.js';
import { parseReply } from './smtp-reply.js';

interface Expected {
  code: SmtpErrorCode;
  stage: TestStageName;
  hint?: RegExp | string;
  transient?: boolean;
}

const oauthChallenge = Buffer.from(
  JSON.stringify({ status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' }),
).toString('base64');

describe('classifyReply', () => {
  const cases: Array<[reply: string, stage: TestStageName, command: string | undefined, expected: Expected]> =
    [
      [
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled',
        'auth',
        'AUTH LOGIN',
        { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /enable "Authenticated SMTP" for the mailbox/i },
      ],
      [
        '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
        'auth',
        'AUTH LOGIN',
        { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /Microsoft OAuth/ },
      ],
      [
        '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.',
        'auth',
        'AUTH LOGIN',
        { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /Security defaults/ },
      ],
      [
        '535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.outlook.com]',
        'auth',
        'AUTH LOGIN',
        { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /enable "Authenticated SMTP" for the mailbox/i },
      ],
      [
        '535 5.7.3 Authentication unsuccessful',
        'auth',
        'AUTH XOAUTH2',
        { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /SMTP\.Send/ },
      ],
      [
        '554 5.2.252 SendAsDenied; app@contoso.com not allowed to send as boss@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied',
        'send',
        'DATA',
        { code: 'SENDER_REJECTED', stage: 'send', hint: /grant .*"Send As" on the From address/i },
      ],
      [
        '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
        'envelope',
        'MAIL FROM',
        { code: 'SENDER_REJECTED', stage: 'envelope', hint: /"Send As"/ },
      ],
      [
        '534-5.7.9 Application-specific password required. For more information, go to\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor',
        'auth',
        'AUTH PLAIN',
        {
          code: 'AUTH_FAILED',
          stage: 'auth',
          hint: 'Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
        },
      ],
      [
        '534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1>\n534 5.7.14 Please log in via your web browser and then try again.',
        'auth',
        'AUTH PLAIN',
        { code: 'AUTH_FAILED', stage: 'auth', hint: /app password/ },
      ],
      [
        '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials',
        'auth',
        'AUTH PLAIN',
        { code: 'AUTH_FAILED', stage: 'auth', hint: /app password/ },
      ],
      [
        '535 5.7.8 Authentication credentials invalid',
        'auth',
        'AUTH PLAIN',
        { code: 'AUTH_FAILED', stage: 'auth', hint: HINTS.AUTH_FAILED },
      ],
      [
        '530 5.7.0 Authentication required',
        'envelope',
        'MAIL FROM',
        { code: 'AUTH_REQUIRED', stage: 'envelope' },
      ],
      [
        '530 5.7.57 Client not authenticated to send mail. [DB6PR0301CA0001.eurprd03.prod.outlook.com]',
        'envelope',
        'MAIL FROM',
        { code: 'AUTH_REQUIRED', stage: 'envelope' },
      ],
      [
        '530 5.7.0 Must issue a STARTTLS command first.',
        'envelope',
        'MAIL FROM',
        { code: 'TLS_WRONG_MODE', stage: 'envelope', hint: /STARTTLS/ },
      ],
      [
        '538 Error: Must issue a STARTTLS command first',
        'auth',
        'AUTH PLAIN',
        { code: 'TLS_WRONG_MODE', stage: 'auth' },
      ],
      [
        '504 5.7.4 Unrecognized authentication type',
        'auth',
        'AUTH PLAIN',
        { code: 'AUTH_MECH_UNSUPPORTED', stage: 'auth' },
      ],
      [
        '535 5.7.0 Authentication mechanism not supported',
        'auth',
        'AUTH LOGIN',
        { code: 'AUTH_MECH_UNSUPPORTED', stage: 'auth' },
      ],
      [
        '421 4.7.0 Try again later, closing connection. (EHLO)',
        'ehlo',
        'EHLO',
        { code: 'RATE_LIMITED', stage: 'ehlo', transient: true },
      ],
      [
        '450 4.7.28 Our system has detected an unusual rate of unsolicited mail',
        'envelope',
        'RCPT TO',
        { code: 'RATE_LIMITED', stage: 'envelope', transient: true },
      ],
      [
        '451 4.7.500 Server busy. Please try again later',
        'send',
        'DATA',
        { code: 'RATE_LIMITED', stage: 'send', transient: true },
      ],
      [
        '421 Too many concurrent SMTP connections from this IP address',
        'connect',
        undefined,
        { code: 'RATE_LIMITED', stage: 'connect', transient: true },
      ],
      [
        '454 4.7.0 Temporary authentication failure',
        'auth',
        'AUTH PLAIN',
        { code: 'SMTP_ERROR', stage: 'auth', transient: true, hint: /temporary problem/ },
      ],
      [
        '550 5.1.1 The email account that you tried to reach does not exist.',
        'envelope',
        'RCPT TO',
        { code: 'RECIPIENT_REJECTED', stage: 'envelope', transient: false },
      ],
      [
        '553 5.1.8 Sender address rejected: Domain not found',
        'envelope',
        'MAIL FROM',
        { code: 'SENDER_REJECTED', stage: 'envelope' },
      ],
      [
        '501 5.1.7 Bad sender address syntax',
        'envelope',
        'MAIL FROM',
        { code: 'SENDER_REJECTED', stage: 'envelope' },
      ],
      [
        '501 5.1.3 Bad recipient address syntax',
        'envelope',
        'RCPT TO',
        { code: 'RECIPIENT_REJECTED', stage: 'envelope' },
      ],
      ['550 5.1.1 User unknown', 'envelope', undefined, { code: 'RECIPIENT_REJECTED', stage: 'envelope' }],
      [
        '550 5.1.8 Sender domain unresolvable',
        'envelope',
        undefined,
        { code: 'SENDER_REJECTED', stage: 'envelope' },
      ],
      [
        '552 5.3.4 Message size exceeds fixed maximum message size',
        'send',
        'DATA',
        { code: 'MESSAGE_REJECTED', stage: 'send' },
      ],
      ['554 5.7.1 Message rejected as spam', 'send', 'DATA', { code: 'MESSAGE_REJECTED', stage: 'send' }],
      [
        '550 5.4.5 Daily user sending limit exceeded.',
        'send',
        'DATA',
        { code: 'RATE_LIMITED', stage: 'send', transient: false },
      ],
      [
        '454 4.7.0 TLS not available due to local problem',
        'tls',
        'STARTTLS',
        { code: 'TLS_FAILED', stage: 'tls', transient: true },
      ],
      [
        '554 5.7.1 Your IP address is listed in a blocklist',
        'connect',
        undefined,
        { code: 'SMTP_ERROR', stage: 'connect' },
      ],
      ['502 5.5.1 Unrecognized command', 'ehlo', 'EHLO', { code: 'SMTP_ERROR', stage: 'ehlo' }],
    ];

  it.each(cases)('%s (at %s) → %j', (text, stage, command, expected) => {
    const reply = parseReply(text);
    expect(reply).toBeDefined();
    const failure = classifyReply(
      reply as NonNullable<typeof reply>,
      stage,
      command === undefined ? {} : { command },
    );
    expectFailure(failure, expected);
    const firstLine = text.split('\n')[0] ?? '';
    expect(failure.serverReply?.startsWith(firstLine.replace(/^(\d{3})-/, '$1 '))).toBe(true);
  });

  it('reads an XOAUTH2 error challenge into the failure and gives the token hint', () => {
    const failure = classifyReply(
      { code: 535, enhanced: '5.7.8', text: 'Username and Password not accepted' },
      'auth',
      {
        command: 'AUTH XOAUTH2',
        oauthChallenge,
      },
    );
    expectFailure(failure, { code: 'AUTH_FAILED', stage: 'auth', hint: /access token/ });
    expect(failure.serverReply).toContain('"status":"401"');
  });

  it('treats the 334 error challenge itself as a refused token', () => {
    const failure = classifyReply({ code: 334, text: oauthChallenge }, 'auth');
    expectFailure(failure, { code: 'AUTH_FAILED', stage: 'auth', hint: /access token/ });
  });

  it('cuts a long reply to 500 characters on one line', () => {
    const failure = classifyReply(
      { code: 550, text: `${'x'.repeat(400)}\r\n\u0007${'y'.repeat(400)}` },
      'connect',
    );
    expect(failure.serverReply).toHaveLength(500);
    expect([...(failure.serverReply ?? '')].every((character) => character >= ' ')).toBe(true);
  });
});

describe('classifyError', () => {
  const nodeError = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${code} happened`), { code, ...extra });

  const cases: Array<[name: string, error: unknown, stage: TestStageName, expected: Expected]> = [
    [
      'ENOTFOUND',
      nodeError('ENOTFOUND', { hostname: 'nonexistent.invalid' }),
      'dns',
      { code: 'DNS_NOT_FOUND', stage: 'dns' },
    ],
    ['EAI_AGAIN', nodeError('EAI_AGAIN'), 'dns', { code: 'DNS_NOT_FOUND', stage: 'dns', transient: true }],
    [
      'ECONNREFUSED',
      nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 1 }),
      'connect',
      { code: 'CONNECTION_REFUSED', stage: 'connect' },
    ],
    [
      'EHOSTUNREACH',
      nodeError('EHOSTUNREACH'),
      'connect',
      { code: 'CONNECTION_REFUSED', stage: 'connect', transient: true },
    ],
    [
      'ECONNRESET',
      nodeError('ECONNRESET'),
      'auth',
      { code: 'CONNECTION_LOST', stage: 'auth', transient: true },
    ],
    ['EPIPE', nodeError('EPIPE'), 'send', { code: 'CONNECTION_LOST', stage: 'send', transient: true }],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'connect', { code: 'TIMEOUT', stage: 'connect', transient: true }],
    [
      'TimeoutError',
      new DOMException('The operation timed out.', 'TimeoutError'),
      'ehlo',
      { code: 'TIMEOUT', stage: 'ehlo' },
    ],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      nodeError('ERR_SSL_WRONG_VERSION_NUMBER'),
      'tls',
      { code: 'TLS_WRONG_MODE', stage: 'tls', hint: /choose STARTTLS/ },
    ],
    [
      'packet length too long',
      new Error('error:0A0000C6:SSL routines::packet length too long'),
      'tls',
      { code: 'TLS_WRONG_MODE', stage: 'tls', hint: /choose STARTTLS/ },
    ],
    [
      'a silent port that answers TLS',
      new ProbeError('ETLSEXPECTED', 'The server sent no greeting but answers a TLS handshake.'),
      'connect',
      { code: 'TLS_WRONG_MODE', stage: 'connect', hint: /choose SSL\/TLS/ },
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      nodeError('SELF_SIGNED_CERT_IN_CHAIN'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'CERT_HAS_EXPIRED',
      nodeError('CERT_HAS_EXPIRED'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls', hint: /renew/ },
    ],
    [
      'an unlisted verification error',
      nodeError('CERT_CHAIN_TOO_LONG'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls', hint: HINTS.TLS_CERT_INVALID },
    ],
    [
      'another TLS error',
      nodeError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'),
      'tls',
      { code: 'TLS_FAILED', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET for a TLS alert',
      nodeError('ESOCKET', { originalCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', command: 'CONN' }),
      'send',
      { code: 'TLS_FAILED', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET for a connect timeout',
      nodeError('ESOCKET', { originalCode: 'ETIMEDOUT', command: 'CONN' }),
      'connect',
      { code: 'TIMEOUT', stage: 'connect', transient: true },
    ],
    [
      'nodemailer EAUTH while sending',
      Object.assign(new Error('Invalid login: 535 5.7.8 Authentication credentials invalid'), {
        code: 'EAUTH',
        response: '535 5.7.8 Authentication credentials invalid',
        responseCode: 535,
        command: 'AUTH PLAIN',
      }),
      'send',
      { code: 'AUTH_FAILED', stage: 'auth' },
    ],
    [
      'nodemailer ESOCKET for a refused port',
      nodeError('ESOCKET', { originalCode: 'ECONNREFUSED', command: 'CONN', address: '127.0.0.1', port: 1 }),
      'send',
      { code: 'CONNECTION_REFUSED', stage: 'connect' },
    ],
    [
      'nodemailer greeting timeout',
      Object.assign(new Error('Greeting never received'), {
        code: 'ETIMEDOUT',
        timeoutType: 'GREETING_TIMEOUT',
        command: 'CONN',
      }),
      'send',
      { code: 'TIMEOUT', stage: 'connect', transient: true },
    ],
    [
      'nodemailer ECONNECTION',
      Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' }),
      'send',
      { code: 'CONNECTION_LOST', stage: 'send', transient: true },
    ],
    [
      'nodemailer ESOCKET wrong version number',
      Object.assign(new Error('C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), {
        code: 'ESOCKET',
        originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
        command: 'CONN',
      }),
      'send',
      { code: 'TLS_WRONG_MODE', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET untrusted certificate',
      Object.assign(new Error('self-signed certificate'), { code: 'ESOCKET', command: 'CONN' }),
      'send',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'nodemailer EDNS',
      nodeError('EDNS', { originalCode: 'ENOTFOUND', hostname: 'nonexistent.invalid', command: 'CONN' }),
      'send',
      { code: 'DNS_NOT_FOUND', stage: 'dns' },
    ],
    [
      'nodemailer EENVELOPE at RCPT TO',
      nodeError('EENVELOPE', {
        response: '550 5.1.1 <nobody@example.com>: Recipient address rejected',
        command: 'RCPT TO',
      }),
      'send',
      { code: 'RECIPIENT_REJECTED', stage: 'envelope' },
    ],
    [
      'nodemailer SendAsDenied after DATA',
      nodeError('EMESSAGE', {
        response: '554 5.2.252 SendAsDenied; not allowed to send as boss@contoso.com',
        command: 'DATA',
      }),
      'send',
      { code: 'SENDER_REJECTED', stage: 'send', hint: /"Send As"/ },
    ],
    [
      'nodemailer EMESSAGE too large',
      nodeError('EMESSAGE', {
        response: '552 5.3.4 Message size exceeds fixed maximum message size',
        command: 'DATA',
      }),
      'send',
      { code: 'MESSAGE_REJECTED', stage: 'send' },
    ],
    [
      'nodemailer ETLS for a refused STARTTLS',
      nodeError('ETLS', {
        response: '454 4.7.0 TLS not available due to local problem',
        command: 'STARTTLS',
      }),
      'send',
      { code: 'TLS_FAILED', stage: 'tls', transient: true },
    ],
    [
      'nodemailer EPROTOCOL',
      nodeError('EPROTOCOL', { response: 'HTTP/1.1 400 Bad Request', command: 'CONN' }),
      'connect',
      { code: 'SMTP_ERROR', stage: 'connect' },
    ],
    [
      "the probe's garbage reply",
      new ProbeError(
        'EPROTOCOL',
        'The server sent something that is not an SMTP reply.',
        'HTTP/1.1 400 Bad Request',
      ),
      'connect',
      { code: 'SMTP_ERROR', stage: 'connect' },
    ],
    ['a thrown string', 'boom', 'ehlo', { code: 'SMTP_ERROR', stage: 'ehlo' }],
  ];

  it.each(cases)('%s → %j', (_name, error, stage, expected) => {
    expectFailure(classifyError(error, stage), expected);
  });

  it("names the certificate's host names on a mismatch", () => {
    const error = nodeError('ERR_TLS_CERT_ALTNAME_INVALID', {
      host: 'mail.example.com',
      cert: { subjectaltname: 'DNS:*.other.net' },
    });
    const failure = classifyError(error, 'tls');
    expect(failure.code).toBe('TLS_CERT_INVALID');
    expect(failure.message).toBe(
      'The server certificate is valid for DNS:*.other.net, not for "mail.example.com".',
    );
  });

  it('keeps the server reply of a protocol error', () => {
    const failure = classifyError(
      new ProbeError('EPROTOCOL', 'Not SMTP.', 'HTTP/1.1 400 Bad Request'),
      'connect',
    );
    expect(failure.serverReply).toBe('HTTP/1.1 400 Bad Request');
  });

  it('returns an SmtpFailure unchanged', () => {
    const failure = new SmtpFailure('TOKEN_REVOKED', 'Revoked.', { stage: 'auth' });
    expect(classifyError(failure, 'send')).toBe(failure);
  });

  it('never puts a client command line into the failure', () => {
    const line = 'AUTH PLAIN AHVzZXJAZXhhbXBsZS5jb20AcGE1NS1Xb3JkIW5ldmVyLWVjaG8=';
    const failure = classifyError(
      Object.assign(new Error(`Invalid login: ${line}`), {
        code: 'EAUTH',
        command: line,
        response: '535 5.7.8 Bad credentials',
      }),
      'send',
    );
    expect(failure.code).toBe('AUTH_FAILED');
    expect(JSON.stringify({ ...failure.toTestFailure(), message: failure.message })).not.toContain('AHVzZXJ');
  });
});

describe('classifyTokenError', () => {
  it('reports a failure the token source threw at the auth stage, keeping its code', () => {
    const revoked = new SmtpFailure('TOKEN_REVOKED', 'The refresh token was revoked.', { stage: 'send' });
    const failure = classifyTokenError(revoked);
    expectFailure(failure, { code: 'TOKEN_REVOKED', stage: 'auth', hint: HINTS.TOKEN_REVOKED });
    expect(failure.message).toBe('The refresh token was revoked.');
  });

  it('turns any other error into TOKEN_FAILED', () => {
    expectFailure(classifyTokenError(new Error('invalid_client')), { code: 'TOKEN_FAILED', stage: 'auth' });
  });
});

function expectFailure(failure: SmtpFailure, expected: Expected): void {
  expect(failure).toBeInstanceOf(SmtpFailure);
  expect({ code: failure.code, stage: failure.stage }).toEqual({
    code: expected.code,
    stage: expected.stage,
  });
  if (typeof expected.hint === 'string') expect(failure.hint).toBe(expected.hint);
  else if (expected.hint) expect(failure.hint).toMatch(expected.hint);
  if (expected.transient !== undefined) expect(failure.transient).toBe(expected.transient);
  expect(failure.message).toMatch(/^[A-Z"].*\.$/);
}
