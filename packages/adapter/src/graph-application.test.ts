import type { OAuthStartResponse, SettingsResponse, TestResponse } from '@smtp-settings/schema';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, microsoftDraft, ORIGIN, SECRETS, type TestApp } from '../test/app-fixture.js';
import { type GraphFixture, startGraphFixture } from '../test/graph-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import { memoryConfig } from '../test/outbox-fixture.js';
import { createSmtpSettings } from './create-smtp-settings.js';
import { createOutbox, type Outbox } from './outbox/create-outbox.js';
import type { DeliveryRecord, DeliveryStore } from './outbox/delivery-store.js';
import { memoryStore } from './stores/memory-store.js';

const TENANT = 'contoso';
const FROM = 'notifications@contoso.com';
const SEND_TO = 'admin@contoso.com';
const BODY = 'graph-application-body-never-logged-7c2f';
const { refreshToken: _, ...APPLICATION } = microsoftDraft({
  sendingMethod: 'graph',
  signIn: 'application',
  fromEmail: FROM,
});
const POLICY_DENIED = {
  status: 403,
  code: 'ErrorAccessDenied',
  message:
    'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
};

let mock: OAuthMock;
let graph: GraphFixture;
const outboxes: Outbox[] = [];

beforeAll(async () => {
  mock = await startOAuthMock();
  graph = await startGraphFixture({
    acceptsToken: (token) => token === mock.latestAccessToken(),
    mailboxes: [FROM],
  });
});
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  vi.useRealTimers();
  graph.reset();
});
afterAll(async () => {
  await graph.close();
  await mock.stop();
});

const microsoft = () => ({ ...mock.microsoftOptions(), graph: { origin: graph.origin, timeoutMs: 2_000 } });
/** The grant types of the token requests the mock received since `from`. */
const grantsSince = (from: number) => mock.requests.slice(from).map((request) => request.grantType);
const messageIdOf = (mime: string) => /^Message-ID: (.+)$/m.exec(mime)?.[1]?.trim();

/**
 * The adapter's routes and a durable outbox on one configuration (memory store, standing clock), as a
 * host mounts them: a Save through the routes wakes the outbox.
 */
function setup() {
  // MSAL dates a token's expiry by `Date`, so the test moves `Date` itself, and the configuration reads it.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  const time = { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
  const { store, logger, config } = memoryConfig({
    providers: { microsoft: microsoft() },
    clock: () => new Date(),
  });
  const outbox = createOutbox({ config, pollMs: 20 });
  outboxes.push(outbox);
  const host = new Hono();
  host.route(
    '/api/smtp',
    createSmtpSettings({
      config,
      outbox,
      publicUrl: 'https://app.example.test/api/smtp',
      authorize: () => true,
      requireTestBeforeSave: true,
      tenant: () => TENANT,
    }),
  );
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await host.request(`/api/smtp${path}`, {
      method,
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    logger.lines.push(text);
    return { status: response.status, body: JSON.parse(text) };
  };
  return { store, time, logger, outbox, call };
}

describe('Microsoft Graph with Application sign-in, end to end: Test, Save, outbox', () => {
  it('tests, saves without a refresh token, delivers through Graph with one token per lifetime, holds on a policy and resumes', async () => {
    const { store, time, logger, outbox, call } = setup();

    // Test: a client-credentials token for Graph, the mailbox, the test message.
    const before = mock.requests.length;
    const tested = await call('POST', '/test', { settings: APPLICATION, sendTo: SEND_TO });
    const test = tested.body as TestResponse;
    expect(test.error).toBeUndefined();
    expect(test.ok).toBe(true);
    expect(test.stages.map(({ name, ok, detailKey }) => ({ name, ok, detailKey }))).toEqual([
      { name: 'token', ok: true, detailKey: 'detail.tokenApplication' },
      { name: 'mailbox', ok: true, detailKey: 'detail.mailboxFound' },
      { name: 'send', ok: true, detailKey: 'detail.graphAccepted' },
    ]);
    expect(test.stages[0]?.detail).toBe(
      `Application token for Microsoft Graph (app ${APPLICATION.clientId}, tenant ${APPLICATION.tenantId})`,
    );
    expect(grantsSince(before)).toEqual(['client_credentials']);
    expect(mock.requests.at(-1)).toMatchObject({
      clientId: APPLICATION.clientId,
      clientSecret: SECRETS.clientSecret,
    });
    expect(mock.requests.at(-1)?.refreshToken).toBeUndefined();
    expect(mock.requests.at(-1)?.scope?.split(' ')).toEqual([`${graph.origin}/.default`]);
    expect(graph.sent.map(({ mailbox }) => mailbox)).toEqual([FROM]);

    // Save: no refresh token asked for, none kept.
    const saved = await call('PUT', '/settings', { settings: APPLICATION, receipt: test.receipt });
    expect(saved.status).toBe(200);
    const view = saved.body as SettingsResponse;
    expect(view.settings).toMatchObject({
      sendingMethod: 'graph',
      signIn: 'application',
      refreshToken: { set: false },
    });
    expect((await store.get(TENANT))?.settings).not.toHaveProperty('refreshToken');

    // The outbox: N messages, each received once with its Message-ID, one token for all of them.
    graph.reset();
    const minted = mock.requests.length;
    const enqueue = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          outbox.enqueue({ to: 'qa@example.com', subject: `TC-${i}`, text: BODY }, { tenant: TENANT }),
        ),
      );
    const first = await enqueue(5);
    await outbox.start();
    await until(store, (d) => d.status === 'sent');
    expect(graph.sent.map(({ mime }) => messageIdOf(mime)).sort()).toEqual(
      first.map(({ messageId }) => messageId).sort(),
    );
    expect(graph.sent.every(({ mailbox }) => mailbox === FROM)).toBe(true);
    expect(grantsSince(minted)).toEqual(['client_credentials']);

    // Within the token's hour no new one; past it, exactly one more.
    time.advance(30 * 60_000);
    await enqueue(2);
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
    expect(grantsSince(minted)).toEqual(['client_credentials']);
    time.advance(31 * 60_000);
    await enqueue(2);
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
    expect(graph.sent).toHaveLength(9);
    expect(grantsSince(minted)).toEqual(['client_credentials', 'client_credentials']);

    // An application access policy now keeps the app from the mailbox: the tenant is held, nothing lost.
    graph.failAlways('sendMail', POLICY_DENIED);
    const held = await enqueue(3);
    outbox.wake();
    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 5_000 });
    const [hold] = await store.listHolds();
    expect(hold?.failure).toMatchObject({
      code: 'GRAPH_POLICY_DENIED',
      stage: 'send',
      hintKey: 'hint.GRAPH_POLICY_DENIED',
    });
    const summary = await call('GET', '/deliveries/summary');
    expect(summary.body.held).toMatchObject({ failure: { code: 'GRAPH_POLICY_DENIED' }, waiting: 3 });
    const tried = held.map(({ id }) => id);
    await vi.waitFor(async () => {
      const details = await Promise.all(tried.map((id) => call('GET', `/deliveries/${id}`)));
      const attempts = details.flatMap(({ body }) => body.attempts);
      expect(attempts).toContainEqual(
        expect.objectContaining({
          outcome: 'held',
          failure: expect.objectContaining({ code: 'GRAPH_POLICY_DENIED' }),
        }),
      );
    });
    const delivered = graph.sent.length;

    // The admin fixes the policy, tests and saves: the hold ends and every message goes out once.
    graph.failAlways('sendMail', undefined);
    const retest = (await call('POST', '/test', { settings: APPLICATION })).body as TestResponse;
    expect(retest.ok).toBe(true);
    const resaved = await call(
      'PUT',
      '/settings',
      { settings: APPLICATION, receipt: retest.receipt },
      { 'If-Match': `"${view.version}"` },
    );
    expect(resaved.status).toBe(200);
    const all = await until(store, (d) => d.status === 'sent');
    expect(all).toHaveLength(12);
    expect(await store.listHolds()).toEqual([]);
    const received = graph.sent.slice(delivered).map(({ mime }) => messageIdOf(mime));
    expect(received.sort()).toEqual(held.map(({ messageId }) => messageId).sort());
    const everyId = graph.sent.map(({ mime }) => messageIdOf(mime));
    expect(new Set(everyId).size).toBe(everyId.length);

    const tokens = mock.issued.map(({ accessToken }) => accessToken);
    for (const secret of [BODY, SECRETS.clientSecret, ...tokens]) {
      expect(logger.lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

describe('Microsoft Graph with Delegated sign-in through "Get Refresh Token"', () => {
  it('starts with sendingMethod graph, consents, and tests with the flow: token, mailbox, send', async () => {
    mock.setIdTokenClaims({ email: FROM, preferred_username: FROM });
    const app: TestApp = createTestApp({
      store: memoryStore(),
      requireTestBeforeSave: true,
      providers: { microsoft: microsoft() },
    });
    try {
      const draft = microsoftDraft({ sendingMethod: 'graph', fromEmail: FROM });
      const started = await app.call('POST', '/oauth/microsoft/start', {
        body: {
          clientId: draft.clientId,
          clientSecret: SECRETS.clientSecret,
          tenantId: draft.tenantId,
          sendingMethod: 'graph',
        },
      });
      expect(started.status).toBe(200);
      const { flowId, authorizeUrl } = started.body as OAuthStartResponse;
      const callback = await followAuthorizeUrl(authorizeUrl);
      const page = await app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);
      expect(page.status).toBe(200);
      expect((await app.call('GET', `/oauth/flows/${flowId}`)).body).toMatchObject({
        status: 'completed',
        account: FROM,
      });

      const settings = { ...draft, refreshToken: { flow: flowId } };
      const before = mock.requests.length;
      const tested = (await app.call('POST', '/test', { body: { settings, sendTo: SEND_TO } }))
        .body as TestResponse;
      expect(tested.error).toBeUndefined();
      expect(tested.stages.map(({ name, ok, detailKey }) => ({ name, ok, detailKey }))).toEqual([
        { name: 'token', ok: true, detailKey: 'detail.tokenDelegated' },
        { name: 'mailbox', ok: true, detailKey: 'detail.mailboxFound' },
        { name: 'send', ok: true, detailKey: 'detail.graphAccepted' },
      ]);
      expect(grantsSince(before)).toEqual(['refresh_token']);
      expect(mock.requests.at(-1)?.scope?.split(' ')).toContain(`${graph.origin}/Mail.Send`);
      expect(graph.sent.map(({ mailbox }) => mailbox)).toEqual([FROM]);

      const saved = await app.call('PUT', '/settings', { body: { settings, receipt: tested.receipt } });
      expect(saved.status).toBe(200);
      expect((saved.body as SettingsResponse).settings).toMatchObject({
        sendingMethod: 'graph',
        refreshToken: { set: true },
      });
    } finally {
      mock.setIdTokenClaims({});
    }
  });
});

/** Waits until every message of the tenant satisfies `settled`, and answers them. */
async function until(
  store: DeliveryStore,
  settled: (delivery: DeliveryRecord) => boolean,
): Promise<DeliveryRecord[]> {
  const list = async () => (await store.listDeliveries(TENANT, { limit: 200 })).deliveries;
  await vi.waitFor(
    async () => {
      const deliveries = await list();
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.filter((delivery) => !settled(delivery))).toEqual([]);
    },
    { timeout: 10_000, interval: 10 },
  );
  return list();
}
