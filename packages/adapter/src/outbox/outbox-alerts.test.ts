import { afterEach, describe, expect, it, vi } from 'vitest';
import { microsoftDraft, newSecretKey, openTempSqliteStore, SECRETS } from '../../test/app-fixture.js';
import { startGraphFixture } from '../../test/graph-fixture.js';
import { startOAuthMock } from '../../test/oauth-mock-fixture.js';
import {
  capturingLogger,
  memoryConfig,
  OUTBOX_PASSWORD,
  saveMicrosoftSettings,
  saveSettings,
  saveThroughRoutes,
  settingsRoutes,
  startOutboxServer,
} from '../../test/outbox-fixture.js';
import type { SmtpServerFixture } from '../../test/smtp-server-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { verifyWebhookSignature } from '../alerts/signature.js';
import { createSmtpConfig, type SmtpConfig } from '../config/smtp-config.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import { createOutbox, type Outbox } from './create-outbox.js';
import type { OutboxHealth } from './holds.js';

const TENANT = 'acme';
const BODY = 'body-text-never-alerted-5c1e';
const WRONG_PASSWORD = 'wrong-Pa55word-never-alerted';
const ALERTS_SECRET = 'alerts-secret-0123456789abcdef-never-sent';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: BODY };

const servers: SmtpServerFixture[] = [];
const receivers: WebhookReceiver[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all([...servers.splice(0), ...receivers.splice(0)].map((server) => server.close()));
});

describe('outbox alerts', () => {
  it('posts one signed held alert when the login fails, and one resumed after a save lets mail flow', async () => {
    const smtp = await startOutboxServer(servers);
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const { store, time, config } = memoryConfig({
      alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { baseDelayMs: 10 } },
    });
    const health: OutboxHealth[] = [];
    const outbox = createOutbox({ config, pollMs: 20, onHealthChange: (change) => health.push(change) });
    outboxes.push(outbox);
    const api = settingsRoutes(config, TENANT, outbox);
    expect((await saveThroughRoutes(api, smtp, WRONG_PASSWORD)).status).toBe(200);
    const sealed = String((await store.get(TENANT))?.settings.password);
    expect(sealed).toMatch(/^.{40,}$/);
    await Promise.all(Array.from({ length: 5 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();

    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
    // Held messages are not retried in a loop, and each further failure is no change: still one alert.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);

    expect((await saveThroughRoutes(api, smtp, OUTBOX_PASSWORD, 1)).status).toBe(200);
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(5), { timeout: 10_000 });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(2), { timeout: 10_000 });
    await outbox.stop();
    expect(receiver.requests).toHaveLength(2);

    const events = receiver.requests.map(({ body }) => JSON.parse(body));
    expect(events).toEqual([
      {
        id: expect.any(String),
        type: 'delivery.held',
        tenant: TENANT,
        at: health[0]?.checkedAt,
        error: expect.objectContaining({ code: 'AUTH_FAILED', stage: 'auth' }),
      },
      { id: expect.any(String), type: 'delivery.resumed', tenant: TENANT, at: health[1]?.checkedAt },
    ]);
    expect(events[0].id).not.toBe(events[1].id);
    for (const { body, headers } of receiver.requests) {
      const signature = headers['smtp-settings-signature'] as string;
      expect(verifyWebhookSignature(body, signature, ALERTS_SECRET, { now: time.clock() })).toBe(true);
      const sent = `${body}${JSON.stringify(headers)}`;
      for (const secret of [ALERTS_SECRET, WRONG_PASSWORD, OUTBOX_PASSWORD, sealed, BODY]) {
        expect(sent).not.toContain(secret);
      }
    }
  });

  it('posts one signed oauth.token-lapsing alert when its keep-alive cannot reach the token endpoint near the lapse', async () => {
    const mock = await startOAuthMock();
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    // The real clock, so the keep-alive's slots pass by: with 600 ms, the tenant is visited every 0.6 s.
    const { config } = memoryConfig({
      clock: () => new Date(),
      providers: { microsoft: mock.microsoftOptions(), tokenTimeoutMs: 1_000 },
      alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { baseDelayMs: 10 } },
    });
    const signedInAt = new Date(Date.now() - 80 * 86_400_000).toISOString();
    await saveMicrosoftSettings(config, TENANT, { obtainedAt: signedInAt });
    await mock.stop();
    const outbox = createOutbox({ config, healthCheckMs: false, keepAliveMs: 600 });
    outboxes.push(outbox);
    await outbox.start();

    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
    // Later runs find the same lapse marked: still one alert.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await outbox.stop();
    expect(receiver.requests).toHaveLength(1);
    const [{ body, headers }] = receiver.requests as [{ body: string; headers: Record<string, unknown> }];
    expect(verifyWebhookSignature(body, headers['smtp-settings-signature'] as string, ALERTS_SECRET)).toBe(
      true,
    );
    expect(JSON.parse(body)).toMatchObject({
      type: 'oauth.token-lapsing',
      tenant: TENANT,
      lapse: { reason: 'unused', lastUsedAt: signedInAt },
      error: { code: 'TOKEN_ENDPOINT_UNREACHABLE' },
    });
  }, 20_000);

  it('posts one signed oauth.secret-lapsing alert from two outboxes on one SQLite file when the app registration tells an end date 10 days off', async () => {
    const mock = await startOAuthMock();
    const endDateTime = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const graph = await startGraphFixture({
      acceptsToken: (token) => token === mock.latestAccessToken(),
      passwordCredentials: {
        [microsoftDraft().clientId]: [{ hint: SECRETS.clientSecret.slice(0, 3), endDateTime }],
      },
    });
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const { store, filename, cleanup } = openTempSqliteStore();
    const secretKey = newSecretKey();
    const logger = capturingLogger();
    // Two instances, each with its own handle on the file, as two processes have.
    const configs = [store, sqliteStore({ filename })].map((handle) =>
      createSmtpConfig({
        store: handle,
        secretKey,
        logger,
        providers: {
          microsoft: { ...mock.microsoftOptions(), graph: { origin: graph.origin, timeoutMs: 2_000 } },
          tokenTimeoutMs: 2_000,
        },
        alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { baseDelayMs: 10 } },
      }),
    );
    try {
      const [first, second] = configs as [SmtpConfig, SmtpConfig];
      const { refreshToken: _, ...draft } = microsoftDraft({ signIn: 'application', sendingMethod: 'graph' });
      const saved = await settingsRoutes(first, TENANT).request('/settings', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Origin: 'https://app.example.test' },
        body: JSON.stringify({ settings: draft }),
      });
      expect(saved.status).toBe(200);
      for (const config of [first, second]) {
        const outbox = createOutbox({ config, healthCheckMs: 600, keepAliveMs: false });
        outboxes.push(outbox);
        await outbox.start();
      }

      await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
      // Both instances keep checking and find the date marked: still one alert.
      await vi.waitFor(() => expect(graph.count('application')).toBeGreaterThanOrEqual(4), {
        timeout: 10_000,
      });
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
      expect(receiver.requests).toHaveLength(1);
      const [{ body, headers }] = receiver.requests as [{ body: string; headers: Record<string, unknown> }];
      expect(verifyWebhookSignature(body, headers['smtp-settings-signature'] as string, ALERTS_SECRET)).toBe(
        true,
      );
      expect(JSON.parse(body)).toEqual({
        id: expect.any(String),
        type: 'oauth.secret-lapsing',
        tenant: TENANT,
        at: expect.any(String),
        secret: { expiresAt: endDateTime, source: 'read' },
      });
      expect(await store.get(TENANT)).toMatchObject({
        version: 1,
        settings: { clientSecretReadExpiresAt: endDateTime, clientSecretLapseWarnedFor: endDateTime },
      });
      const tokens = mock.issued.map(({ accessToken }) => accessToken);
      for (const secret of [ALERTS_SECRET, SECRETS.clientSecret, ...tokens]) {
        expect(`${body}${JSON.stringify(headers)}${logger.lines.join('\n')}`).not.toContain(secret);
      }
    } finally {
      await configs[1]?.store.close();
      await cleanup();
      await graph.close();
      await mock.stop();
    }
  }, 30_000);

  it('posts one failing alert once a message failed three attempts at an unreachable server, and resumed when mail goes', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    // The real clock, so the short backoff passes by itself.
    const { config } = memoryConfig({
      clock: () => new Date(),
      alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { baseDelayMs: 10 } },
    });
    const gone = await startOutboxServer([]);
    await gone.close();
    await saveSettings(config, TENANT, gone);
    const health: OutboxHealth[] = [];
    const outbox = createOutbox({
      config,
      pollMs: 20,
      backoff: { initialMs: 50, maxMs: 100, jitter: 0 },
      onHealthChange: (change) => health.push(change),
    });
    outboxes.push(outbox);
    await Promise.all(Array.from({ length: 3 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();

    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
    // Every further refused attempt, of any of the three messages, is no change: still one alert.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toHaveLength(1);
    expect(health).toEqual([
      expect.objectContaining({
        ok: false,
        held: false,
        error: expect.objectContaining({ code: 'CONNECTION_REFUSED' }),
      }),
    ]);

    const smtp = await startOutboxServer(servers);
    await saveSettings(config, TENANT, smtp);
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(3), { timeout: 10_000 });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(2), { timeout: 10_000 });
    const events = receiver.requests.map(({ body }) => JSON.parse(body));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'delivery.failing',
        error: expect.objectContaining({ code: 'CONNECTION_REFUSED' }),
      }),
      expect.objectContaining({ type: 'delivery.resumed' }),
    ]);
    for (const { body, headers } of receiver.requests) {
      expect(verifyWebhookSignature(body, headers['smtp-settings-signature'] as string, ALERTS_SECRET)).toBe(
        true,
      );
      expect(body).not.toContain(BODY);
    }
  }, 20_000);
});
