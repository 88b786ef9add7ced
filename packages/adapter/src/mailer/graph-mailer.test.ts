import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, newSecretKey, SECRETS, transcript } from '../../test/app-fixture.js';
import { type GraphFixture, startGraphFixture } from '../../test/graph-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer, type Mailer, type MailerOwnOptions } from './create-mailer.js';

const TENANT = 'acme';
const SENDER = 'notifications@contoso.com';
const TIMEOUT_MS = 400;
const SLACK_MS = 1500;

const SETTINGS = {
  authType: 'oauth',
  provider: 'microsoft',
  sendingMethod: 'graph',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: SECRETS.clientSecret,
  tenantId: 'contoso.onmicrosoft.com',
  refreshToken: SECRETS.refreshToken,
  fromName: 'Contoso QA',
  fromEmail: SENDER,
} as const;

const message = {
  to: 'qa-lead@example.com',
  bcc: 'audit@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Step 3 changed.',
};

let mock: OAuthMock;
let graph: GraphFixture;
const mailers: Mailer[] = [];
const thrown: string[] = [];

beforeAll(async () => {
  mock = await startOAuthMock();
  // Graph takes only the access token the identity provider issued last.
  graph = await startGraphFixture({ acceptsToken: (token) => token === mock.latestAccessToken() });
});
afterEach(async () => {
  await Promise.all(mailers.splice(0).map((mailer) => mailer.close()));
  graph.reset();
});
afterAll(async () => {
  await graph.close();
  await mock.stop();
  // No secret or token in any log line or error of the whole file.
  const tokens = mock.issued
    .flatMap(({ accessToken, refreshToken }) => [accessToken, refreshToken ?? []])
    .flat();
  for (const secret of [...Object.values(SECRETS), ...tokens]) {
    expect([...transcript, ...thrown].filter((text) => text.includes(secret))).toEqual([]);
  }
});

/** Saves the Graph settings for the tenant as `PUT /settings` would: secrets sealed. */
async function save(store: SettingsStore, secretKey: string) {
  const box = createSecretBox(secretKey);
  const sealed = Object.fromEntries(
    Object.entries(SETTINGS).map(([field, value]) =>
      ['clientSecret', 'refreshToken'].includes(field)
        ? [field, box.seal(String(value), { tenant: TENANT, field })]
        : [field, value],
    ),
  );
  await store.put(
    TENANT,
    { settings: sealed, updatedAt: new Date().toISOString(), updatedBy: 'admin', changedFields: [] },
    0,
  );
}

/** A mailer for saved Graph settings whose Graph is the fixture. */
async function graphMailer(own: MailerOwnOptions = {}): Promise<Mailer> {
  const store = memoryStore();
  const secretKey = newSecretKey();
  await save(store, secretKey);
  const mailer = createMailer({
    store,
    secretKey,
    logger: capturingLogger,
    providers: {
      microsoft: { ...mock.microsoftOptions(), graph: { origin: graph.origin, timeoutMs: TIMEOUT_MS } },
    },
    tenant: TENANT,
    retry: { attempts: 3, baseDelayMs: 10 },
    ...own,
  });
  mailers.push(mailer);
  return mailer;
}

/** The send's failure, its texts kept for the secret scan. */
async function failureOf(sending: Promise<unknown>): Promise<SmtpFailure> {
  const error = await sending.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  thrown.push(inspect(error, { depth: 8 }), JSON.stringify(error));
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('a mailer whose settings send through Microsoft Graph', () => {
  it('delivers the whole MIME message as the From Email, answering like nodemailer', async () => {
    const mailer = await graphMailer();
    const sent = await mailer.send(message);
    expect(sent).toMatchObject({
      accepted: ['qa-lead@example.com', 'audit@example.com'],
      rejected: [],
      response: 'Microsoft Graph 202 Accepted',
    });
    expect(graph.sent).toHaveLength(1);
    const [delivered] = graph.sent;
    expect(delivered?.mailbox).toBe(SENDER);
    expect(delivered?.contentType).toBe('text/plain');
    // The Message-ID the mailer reports is the one Graph received, so replies and the log line up.
    expect(delivered?.mime).toContain(`Message-ID: ${sent.messageId}`);
    expect(delivered?.mime).toContain(`From: Contoso QA <${SENDER}>`);
    expect(delivered?.mime).toContain('Subject: Test case TC-42 was updated');
    // Graph takes the recipients from the headers: Bcc must reach it.
    expect(delivered?.mime).toContain('Bcc: audit@example.com');
  });

  it('keeps a given Message-ID and attachments intact', async () => {
    const mailer = await graphMailer();
    const pdf = Buffer.from('%PDF-1.7 report body \u00e9', 'utf8');
    const sent = await mailer.send({
      ...message,
      messageId: '<tc-42@contoso.com>',
      attachments: [{ filename: 'report.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    expect(sent.messageId).toBe('<tc-42@contoso.com>');
    const mime = graph.sent[0]?.mime ?? '';
    expect(mime).toContain('Message-ID: <tc-42@contoso.com>');
    expect(mime).toContain('filename=report.pdf');
    expect(mime.replace(/\r?\n/g, '')).toContain(pdf.toString('base64'));
  });

  it("refuses a message over Graph's 4 MB request limit as MESSAGE_REJECTED, without sending or retrying it", async () => {
    const mailer = await graphMailer();
    // 3.5 MB of attachment is about 4.7 MB in base64, and the MIME is base64 again on the way to Graph.
    const attachments = [{ filename: 'scan.bin', content: Buffer.alloc(3.5 * 1024 * 1024, 7) }];
    const failure = await mailer.send({ ...message, attachments }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'MESSAGE_REJECTED', stage: 'send', hintKey: 'hint.graphTooLarge' });
    expect((failure as SmtpFailure).message).toMatch(
      /is \d+(\.\d)? MB as Microsoft Graph would receive it, over its limit of 4 MB/,
    );
    expect(graph.count('sendMail')).toBe(0);
    // A little under the limit still goes.
    await mailer.send({
      ...message,
      attachments: [{ filename: 'scan.bin', content: Buffer.alloc(2 * 1024 * 1024, 7) }],
    });
    expect(graph.count('sendMail')).toBe(1);
  });

  it('never reads a file or URL into a message sent through Graph', async () => {
    const mailer = await graphMailer();
    const attachments = [{ filename: 'passwd', path: '/etc/passwd' }];
    await expect(mailer.send({ ...message, attachments })).rejects.toBeInstanceOf(TypeError);
    expect(graph.count('sendMail')).toBe(0);
  });

  it('drops a token Graph refuses (401) and tries once more with a new one', async () => {
    const mailer = await graphMailer();
    await mailer.send(message);
    const minted = mock.requests.length;
    graph.failNext('sendMail', {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed',
    });
    await mailer.send(message);
    expect(graph.count('sendMail')).toBe(3);
    expect(mock.requests.length).toBe(minted + 1);
    // A second refusal is the settings' problem: classified, not retried again.
    graph.failNext(
      'sendMail',
      { status: 401, code: 'InvalidAuthenticationToken' },
      { status: 401, code: 'InvalidAuthenticationToken' },
    );
    const failure = await failureOf(mailer.send(message));
    expect(failure).toMatchObject({ code: 'AUTH_FAILED', hintKey: 'hint.graphTokenRejected' });
    expect(graph.count('sendMail')).toBe(5);
  });

  it('waits out a short Retry-After of a 429 before trying again', async () => {
    const mailer = await graphMailer();
    graph.failNext('sendMail', { status: 429, code: 'TooManyRequests', retryAfter: '1' });
    await mailer.send(message);
    const [first, second] = graph.requests.filter((request) => request.route === 'sendMail');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(graph.sent).toHaveLength(1);
  });

  it('gives a long Retry-After back at once, with the wait, for the outbox to honour', async () => {
    const mailer = await graphMailer();
    graph.failNext('sendMail', { status: 429, code: 'TooManyRequests', retryAfter: '120' });
    const started = performance.now();
    const failure = await failureOf(mailer.send(message));
    expect(performance.now() - started).toBeLessThan(SLACK_MS);
    expect(failure).toMatchObject({ code: 'RATE_LIMITED', transient: true, retryAfterMs: 120_000 });
    expect(graph.count('sendMail')).toBe(1);
  });

  it('retries 5xx with backoff and delivers', async () => {
    const mailer = await graphMailer();
    graph.failNext(
      'sendMail',
      { status: 503, code: 'ServiceUnavailable' },
      { status: 504, code: 'GatewayTimeout' },
    );
    const sent = await mailer.send(message);
    expect(sent.response).toBe('Microsoft Graph 202 Accepted');
    expect(graph.count('sendMail')).toBe(3);
  });

  it('gives up on a Graph that never answers within graph.timeoutMs per attempt', async () => {
    const mailer = await graphMailer();
    graph.stall('sendMail', true);
    const started = performance.now();
    const failure = await failureOf(mailer.send(message));
    const elapsed = performance.now() - started;
    expect(failure).toMatchObject({
      code: 'TIMEOUT',
      message: `Microsoft Graph did not answer within ${TIMEOUT_MS} ms.`,
    });
    expect(graph.count('sendMail')).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 30);
    expect(elapsed).toBeLessThan(3 * TIMEOUT_MS + SLACK_MS);
  });

  it('holds a denied permission as GRAPH_ACCESS_DENIED without retrying', async () => {
    const mailer = await graphMailer();
    graph.failAlways('sendMail', { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' });
    const failure = await failureOf(mailer.send(message));
    expect(failure).toMatchObject({
      code: 'GRAPH_ACCESS_DENIED',
      stage: 'send',
      serverReply: '403 ErrorAccessDenied: Access is denied.',
    });
    expect(graph.count('sendMail')).toBe(1);
  });

  it('verifies with a token and the mailbox lookup, a 403 on the lookup counting as healthy', async () => {
    const mailer = await graphMailer();
    await expect(mailer.verify()).resolves.toBeUndefined();
    expect(graph.requests.at(-1)).toMatchObject({ route: 'user', mailbox: SENDER, authorized: true });
    graph.failAlways('user', { status: 403, code: 'Authorization_RequestDenied' });
    expect(await mailer.checkHealth()).toMatchObject({ ok: true });
    graph.failAlways('user', { status: 404, code: 'Request_ResourceNotFound' });
    const health = await mailer.checkHealth();
    expect(health).toMatchObject({ ok: false, error: { code: 'MAILBOX_NOT_FOUND', stage: 'mailbox' } });
    thrown.push(JSON.stringify(health));
    expect(graph.sent).toHaveLength(0);
  });
});
