import { describe, expect, it } from 'vitest';
import { SmtpFailure } from '../failures/smtp-failure.js';
import {
  classifyGraphAnswer,
  classifyGraphError,
  type GraphAnswer,
  isGraphTokenRejected,
  retryAfterMsOf,
} from './classify-graph.js';

const MAILBOX = 'notifications@contoso.com';
const context = { stage: 'send', mailbox: MAILBOX, signIn: 'application' } as const;
const answer = (status: number, errorCode = '', errorMessage = '', retryAfter?: string): GraphAnswer => ({
  status,
  errorCode,
  errorMessage,
  retryAfter,
});

describe('classifyGraphAnswer (design §4, one row each)', () => {
  it('401 → AUTH_FAILED with the token hint, which the mailer retries once with a new token', () => {
    const failure = classifyGraphAnswer(
      answer(401, 'InvalidAuthenticationToken', 'Invalid audience.'),
      context,
    );
    expect(failure).toMatchObject({
      code: 'AUTH_FAILED',
      stage: 'send',
      messageKey: 'failure.graphTokenRejected',
      hintKey: 'hint.graphTokenRejected',
      transient: false,
      serverReply: '401 InvalidAuthenticationToken: Invalid audience.',
    });
    expect(isGraphTokenRejected(failure)).toBe(true);
  });

  it.each([
    [
      'ErrorAccessDenied',
      'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    ],
    ['ErrorAccessDenied', 'Blocked by an AccessPolicy'],
  ])('403 naming an application access policy → GRAPH_POLICY_DENIED (%s: %s)', (code, message) => {
    expect(classifyGraphAnswer(answer(403, code, message), context)).toMatchObject({
      code: 'GRAPH_POLICY_DENIED',
      messageKey: 'failure.graphPolicyDenied',
      hintKey: 'hint.GRAPH_POLICY_DENIED',
      params: { mailbox: MAILBOX, reason: code },
    });
  });

  it('403 ErrorSendAsDenied → SENDER_REJECTED with the Send As hint', () => {
    const failure = classifyGraphAnswer(
      answer(
        403,
        'ErrorSendAsDenied',
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      ),
      context,
    );
    expect(failure).toMatchObject({
      code: 'SENDER_REJECTED',
      messageKey: 'failure.graphSendAsDenied',
      hintKey: 'hint.graphSendAsDenied',
    });
    expect(failure.hint).toContain(MAILBOX);
  });

  it.each(['ErrorAccessDenied', 'Authorization_RequestDenied', 'AccessDenied'])(
    'other 403 (%s) → GRAPH_ACCESS_DENIED naming the kind of permission',
    (code) => {
      const application = classifyGraphAnswer(answer(403, code, 'Access is denied.'), context);
      expect(application).toMatchObject({
        code: 'GRAPH_ACCESS_DENIED',
        messageKey: 'failure.graphAccessDenied',
        params: { permissionKind: 'application permission' },
      });
      expect(application.hint).toContain('Mail.Send (application permission)');
      const delegated = classifyGraphAnswer(answer(403, code), { ...context, signIn: 'delegated' });
      expect(delegated.params.permissionKind).toBe('delegated permission');
    },
  );

  it.each([
    [404, 'MailboxNotEnabledForRESTAPI'],
    [404, 'MailboxNotHostedInExchangeOnline'],
    [401, 'ErrorMailboxNotEnabledForRESTAPI'],
  ])('%i %s → MAILBOX_NOT_LICENSED (not a token to renew)', (status, code) => {
    const failure = classifyGraphAnswer(answer(status, code), context);
    expect(failure).toMatchObject({
      code: 'MAILBOX_NOT_LICENSED',
      messageKey: 'failure.graphMailboxNotLicensed',
    });
    expect(isGraphTokenRejected(failure)).toBe(false);
  });

  it.each(['ErrorInvalidUser', 'ResourceNotFound', 'Request_ResourceNotFound'])(
    '404 %s → MAILBOX_NOT_FOUND',
    (code) => {
      expect(classifyGraphAnswer(answer(404, code), { ...context, stage: 'mailbox' })).toMatchObject({
        code: 'MAILBOX_NOT_FOUND',
        stage: 'mailbox',
        messageKey: 'failure.graphMailboxNotFound',
        hint: `No mailbox ${MAILBOX} exists in this tenant: check the From Email and the Tenant ID.`,
      });
    },
  );

  it('429 → RATE_LIMITED, transient, waiting as Retry-After says (seconds), else 60 s', () => {
    expect(classifyGraphAnswer(answer(429, 'TooManyRequests', '', '30'), context)).toMatchObject({
      code: 'RATE_LIMITED',
      messageKey: 'failure.graphThrottled',
      hintKey: 'hint.graphThrottled',
      transient: true,
      retryAfterMs: 30_000,
      params: { retryAfterSeconds: 30 },
    });
    expect(classifyGraphAnswer(answer(429), context).retryAfterMs).toBe(60_000);
  });

  it.each([500, 502, 503, 504])(
    '%i → SERVICE_UNAVAILABLE, transient, with Retry-After only when sent',
    (status) => {
      const failure = classifyGraphAnswer(answer(status, 'ServiceNotAvailable'), context);
      expect(failure).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        messageKey: 'failure.graphUnavailable',
        transient: true,
        params: { status },
      });
      expect(failure.retryAfterMs).toBeUndefined();
      expect(classifyGraphAnswer(answer(status, '', '', '5'), context).retryAfterMs).toBe(5000);
    },
  );

  it('400 ErrorInvalidRecipients → RECIPIENT_REJECTED', () => {
    expect(classifyGraphAnswer(answer(400, 'ErrorInvalidRecipients'), context).code).toBe(
      'RECIPIENT_REJECTED',
    );
  });

  it('413, or ErrorMessageSizeExceeded → MESSAGE_REJECTED', () => {
    expect(classifyGraphAnswer(answer(413), context).code).toBe('MESSAGE_REJECTED');
    expect(classifyGraphAnswer(answer(400, 'ErrorMessageSizeExceeded'), context).code).toBe(
      'MESSAGE_REJECTED',
    );
  });

  it('anything else → SMTP_ERROR "Microsoft Graph refused the request"', () => {
    const failure = classifyGraphAnswer(answer(400, 'ErrorInvalidRequest', 'Bad MIME'), context);
    expect(failure).toMatchObject({
      code: 'SMTP_ERROR',
      messageKey: 'failure.graphRefused',
      message: 'Microsoft Graph refused the request (400 ErrorInvalidRequest).',
      transient: false,
    });
    expect(classifyGraphAnswer(answer(418), context).message).toBe(
      'Microsoft Graph refused the request (418 HTTP 418).',
    );
  });

  it('cuts the server reply to 300 characters and keeps it on one line', () => {
    const failure = classifyGraphAnswer(answer(400, 'ErrorX', `line\r\n${'y'.repeat(400)}`), context);
    expect(failure.serverReply).toHaveLength(300);
    expect(failure.serverReply).not.toMatch(/[\r\n]/);
  });
});

describe('classifyGraphError', () => {
  it('a network error → CONNECTION_REFUSED naming its code, transient', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const failure = classifyGraphError(error, { stage: 'mailbox', limitMs: 30_000, timedOut: false });
    expect(failure).toMatchObject({
      code: 'CONNECTION_REFUSED',
      stage: 'mailbox',
      message: 'Could not reach Microsoft Graph (ECONNREFUSED).',
      transient: true,
    });
    // Only the name travels on: a fetch error's cause could hold the request.
    expect(failure.cause).toEqual({ name: 'TypeError' });
  });

  it('a passed deadline → TIMEOUT naming the limit, transient', () => {
    const failure = classifyGraphError(new DOMException('aborted', 'TimeoutError'), {
      stage: 'send',
      limitMs: 250,
      timedOut: true,
    });
    expect(failure).toBeInstanceOf(SmtpFailure);
    expect(failure).toMatchObject({
      code: 'TIMEOUT',
      message: 'Microsoft Graph did not answer within 250 ms.',
      transient: true,
    });
  });
});

describe('retryAfterMsOf', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('reads seconds and HTTP dates, caps at an hour, and ignores what it cannot read', () => {
    expect(retryAfterMsOf('120', now)).toBe(120_000);
    expect(retryAfterMsOf('Mon, 07 Dec 2026 10:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMsOf('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsOf('86400', now)).toBe(3_600_000);
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
    expect(retryAfterMsOf(null, now)).toBeUndefined();
  });

  it('is carried when a failure gets more params', () => {
    const failure = classifyGraphAnswer(answer(429, '', '', '7'), context).withParams({ port: 443 });
    expect(failure.retryAfterMs).toBe(7000);
  });
});
