import type { SmtpErrorCode, TestResponse, TestStage, TestStageName } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  leakedSecrets,
  MOUNT,
  microsoftDraft,
  ORIGIN,
  SECRETS,
  transcript,
} from '../../test/app-fixture.js';
import {
  type GraphFailureAnswer,
  type GraphFixture,
  type GraphRoute,
  startGraphFixture,
} from '../../test/graph-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import type { SmtpSettingsOptions } from '../options.js';
import { TEST_MESSAGE_SUBJECT } from '../smtp/probe/test-message.js';
import { memoryStore } from '../stores/memory-store.js';

const SEND_TO = 'admin@contoso.com';
const CLIENT_ID = microsoftDraft().clientId;
const SECRET_ENDS = '2027-03-01T00:00:00Z';
const draft = () => microsoftDraft({ sendingMethod: 'graph' });

describe('POST /test for settings that send through Microsoft Graph', () => {
  let mock: OAuthMock;
  let graph: GraphFixture;

  beforeAll(async () => {
    mock = await startOAuthMock();
    graph = await startGraphFixture({
      acceptsToken: (token) => token === mock.latestAccessToken(),
      mailboxes: [draft().fromEmail],
      passwordCredentials: {
        [CLIENT_ID]: [
          { hint: 'old', endDateTime: '2026-01-01T00:00:00Z' },
          { hint: SECRETS.clientSecret.slice(0, 3), endDateTime: SECRET_ENDS },
        ],
      },
    });
  });
  afterAll(async () => {
    await graph.close();
    await mock.stop();
    const tokens = mock.issued.flatMap(({ accessToken, refreshToken }) => [accessToken, refreshToken ?? '']);
    expect(leakedSecrets()).toEqual([]);
    expect(tokens.filter((token) => token !== '' && transcript.some((line) => line.includes(token)))).toEqual(
      [],
    );
  });

  const app = (overrides: Partial<SmtpSettingsOptions> = {}, origin = graph.origin) =>
    createTestApp({
      store: memoryStore(),
      providers: { microsoft: { ...mock.microsoftOptions(), graph: { origin, timeoutMs: 5_000 } } },
      ...overrides,
    });

  const test = async (
    body: Record<string, unknown>,
    overrides?: Partial<SmtpSettingsOptions>,
    origin?: string,
  ) => {
    graph.reset();
    return (await app(overrides, origin).call('POST', '/test', { body })).body as TestResponse;
  };
  const names = (stages: TestStage[]) => stages.map((stage) => stage.name);

  it('runs token, mailbox and send, sends the test message through Graph, and answers a receipt', async () => {
    const body = await test({ settings: draft(), sendTo: SEND_TO });
    expect(body.error).toBeUndefined();
    expect(body).toMatchObject({ ok: true, receipt: expect.stringMatching(/^r1\./) });
    expect(body.stages.map(({ name, ok, detailKey }) => ({ name, ok, detailKey }))).toEqual([
      { name: 'token', ok: true, detailKey: 'detail.tokenDelegated' },
      { name: 'mailbox', ok: true, detailKey: 'detail.mailboxFound' },
      { name: 'send', ok: true, detailKey: 'detail.graphAccepted' },
    ]);
    expect(body.stages[0]?.detail).toBe(
      `Access token for Microsoft Graph from the refresh token of ${draft().fromEmail}`,
    );
    expect(body.warnings).toContainEqual(
      expect.objectContaining({
        messageKey: 'warning.clientSecretExpiresRead',
        params: { date: '2027-03-01' },
      }),
    );
    expect(graph.sent).toHaveLength(1);
    expect(graph.sent[0]?.mailbox).toBe(draft().fromEmail);
    expect(graph.sent[0]?.mime).toContain(`To: ${SEND_TO}`);
    // The subject's dash is encoded: one line of the encoded word is enough to know it.
    expect(graph.sent[0]?.mime).toContain(
      `Subject: =?UTF-8?Q?${TEST_MESSAGE_SUBJECT.slice(0, 18).replaceAll(' ', '_')}`,
    );
  });

  it('stops after the mailbox without sendTo, and says nothing of an expiry it may not read', async () => {
    const body = await test({
      settings: microsoftDraft({ sendingMethod: 'graph', clientSecret: 'xyz-other-secret' }),
    });
    expect(body.ok).toBe(true);
    expect(names(body.stages)).toEqual(['token', 'mailbox']);
    expect(graph.count('sendMail')).toBe(0);
    expect(graph.count('application')).toBe(1);
    expect(body.warnings.map((warning) => warning.messageKey)).not.toContain(
      'warning.clientSecretExpiresRead',
    );
  });

  it('passes the mailbox stage as skipped when the app may not read users (403)', async () => {
    graph.reset();
    const api = app();
    graph.failAlways('user', { status: 403, code: 'Authorization_RequestDenied' });
    const body = (await api.call('POST', '/test', { body: { settings: draft(), sendTo: SEND_TO } }))
      .body as TestResponse;
    expect(body.ok).toBe(true);
    expect(body.stages[1]).toMatchObject({
      name: 'mailbox',
      ok: true,
      skipped: true,
      detailKey: 'detail.mailboxNotChecked',
    });
    expect(names(body.stages)).toEqual(['token', 'mailbox', 'send']);
  });

  it('streams each stage as it finishes with Accept: text/event-stream', async () => {
    graph.reset();
    const res = await app().host.request(`${MOUNT}/test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Origin: ORIGIN },
      body: JSON.stringify({ settings: draft(), sendTo: SEND_TO }),
    });
    expect(res.headers.get('Content-Type')).toContain('text/event-stream');
    const text = await res.text();
    transcript.push(text);
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map(([, event, data]) => ({
      event,
      data: JSON.parse(data as string),
    }));
    expect(events.map(({ event, data }) => (event === 'stage' ? (data as TestStage).name : event))).toEqual([
      'token',
      'mailbox',
      'send',
      'result',
    ]);
    expect(events.at(-1)?.data).toMatchObject({ ok: true, receipt: expect.stringMatching(/^r1\./) });
  });

  const FAILURES: Array<[string, GraphRoute, GraphFailureAnswer, SmtpErrorCode, TestStageName]> = [
    [
      'a refused token',
      'user',
      { status: 401, code: 'InvalidAuthenticationToken' },
      'AUTH_FAILED',
      'mailbox',
    ],
    [
      'no such mailbox',
      'user',
      { status: 404, code: 'Request_ResourceNotFound' },
      'MAILBOX_NOT_FOUND',
      'mailbox',
    ],
    [
      'an unlicensed mailbox',
      'user',
      { status: 404, code: 'MailboxNotEnabledForRESTAPI' },
      'MAILBOX_NOT_LICENSED',
      'mailbox',
    ],
    [
      'Mail.Send missing',
      'sendMail',
      { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' },
      'GRAPH_ACCESS_DENIED',
      'send',
    ],
    [
      'an application access policy',
      'sendMail',
      {
        status: 403,
        code: 'ErrorAccessDenied',
        message:
          'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      },
      'GRAPH_POLICY_DENIED',
      'send',
    ],
    ['Send As refused', 'sendMail', { status: 403, code: 'ErrorSendAsDenied' }, 'SENDER_REJECTED', 'send'],
    [
      'throttling',
      'sendMail',
      { status: 429, code: 'TooManyRequests', retryAfter: '30' },
      'RATE_LIMITED',
      'send',
    ],
    [
      'Graph unavailable',
      'sendMail',
      { status: 503, code: 'ServiceUnavailable' },
      'SERVICE_UNAVAILABLE',
      'send',
    ],
    [
      'a refused recipient',
      'sendMail',
      { status: 400, code: 'ErrorInvalidRecipients' },
      'RECIPIENT_REJECTED',
      'send',
    ],
    [
      'a message too large',
      'sendMail',
      { status: 413, code: 'RequestEntityTooLarge' },
      'MESSAGE_REJECTED',
      'send',
    ],
    ['anything else', 'sendMail', { status: 400, code: 'ErrorInvalidRequest' }, 'SMTP_ERROR', 'send'],
  ];

  it.each(FAILURES.map(([name, route, answer, code, stage]) => ({ name, route, answer, code, stage })))(
    'reports $name as $code at $stage, with no receipt',
    async ({ route, answer, code, stage }) => {
      graph.reset();
      const api = app();
      graph.failAlways(route, answer);
      const body = (await api.call('POST', '/test', { body: { settings: draft(), sendTo: SEND_TO } }))
        .body as TestResponse;
      expect(body).toMatchObject({ ok: false, error: { code, stage } });
      expect(body.stages.at(-1)).toMatchObject({ name: stage, ok: false });
      expect(body.error?.serverReply).toMatch(new RegExp(`^${answer.status} ${answer.code}`));
      expect(body.receipt).toBeUndefined();
    },
  );

  it('reports a revoked refresh token at the token stage', async () => {
    mock.refuse(() => ({
      body: { error: 'invalid_grant', error_description: 'AADSTS70000: The refresh token was revoked.' },
    }));
    try {
      const body = await test({ settings: draft() });
      expect(body).toMatchObject({ ok: false, error: { code: 'TOKEN_REVOKED', stage: 'token' } });
      expect(names(body.stages)).toEqual(['token']);
      expect(graph.count()).toBe(0);
    } finally {
      mock.accept();
    }
  });

  it('ends a Test whose Graph never answers within the Test limit as TIMEOUT', async () => {
    graph.reset();
    const api = app({ testTimeouts: { total: 400 } });
    graph.stall('user', true);
    const started = performance.now();
    const body = (await api.call('POST', '/test', { body: { settings: draft() } })).body as TestResponse;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(body).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT', stage: 'mailbox', messageKey: 'failure.graphTimeout' },
    });
  });

  it('reports a Graph it cannot reach as CONNECTION_REFUSED', async () => {
    const closed = await startGraphFixture();
    const { origin } = closed;
    await closed.close();
    const body = await test({ settings: draft() }, {}, origin);
    expect(body).toMatchObject({
      ok: false,
      error: {
        code: 'CONNECTION_REFUSED',
        stage: 'mailbox',
        message: 'Could not reach Microsoft Graph (ECONNREFUSED).',
      },
    });
  });
});
