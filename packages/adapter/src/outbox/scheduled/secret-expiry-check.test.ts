import type { SettingsResponse } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoftDraft, newSecretKey, SECRETS, STORE_KINDS } from '../../../test/app-fixture.js';
import { type GraphFixture, startGraphFixture } from '../../../test/graph-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { capturingLogger, recordingHolds, settingsRoutes, testClock } from '../../../test/outbox-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver.js';
import { createAlertSender } from '../../alerts/alert-sender.js';
import { createSmtpConfig } from '../../config/smtp-config.js';
import { createMailer } from '../../mailer/create-mailer.js';
import type { DeliveryStore } from '../delivery-store.js';
import { outboxMailerPool } from '../outbox-mailer-pool.js';
import { resolveOutboxOptions } from '../outbox-options.js';
import { createHealthCheck } from './health-check.js';

const TENANT = 'contoso';
const DAY = 86_400_000;
const ALERTS_SECRET = 'alerts-secret-0123456789abcdef-never-sent';
const APP_ID = microsoftDraft().clientId;
/** 45 days after the test clock's start (2026-12-06 12:00 UTC): kept at once, alerted 15 days on. */
const READ_END = '2027-01-20T12:00:00.000Z';

let mock: OAuthMock;
let graph: GraphFixture;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  mock = await startOAuthMock();
  graph = await startGraphFixture({
    acceptsToken: (token) => token === mock.latestAccessToken(),
    passwordCredentials: {
      [APP_ID]: [
        { hint: 'old', endDateTime: '2026-12-08T00:00:00Z' },
        { hint: SECRETS.clientSecret.slice(0, 3), endDateTime: READ_END },
      ],
    },
  });
});
afterEach(async () => {
  graph.reset();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
afterAll(async () => {
  await graph.close();
  await mock.stop();
});

describe.each(STORE_KINDS)('the client secret expiry in the health check ($kind store)', ({ open }) => {
  const opened: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cleanup) => cleanup()));
  });

  /**
   * Two instances' health checks on one store, each with its own configuration, mailer pool and alert
   * sender posting to a real local receiver, Microsoft's token endpoint the oauth2-mock-server and Graph
   * the loopback fixture; `routes` are the settings routes of the first instance.
   */
  async function setup() {
    const { store, cleanup } = open();
    opened.push(cleanup);
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const time = testClock();
    const logger = capturingLogger();
    const secretKey = newSecretKey();
    const instances = [1, 2].map(() => {
      const config = createSmtpConfig({
        store,
        secretKey,
        logger,
        clock: time.clock,
        providers: {
          microsoft: { ...mock.microsoftOptions(), graph: { origin: graph.origin, timeoutMs: 2_000 } },
          tokenTimeoutMs: 2_000,
        },
        alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { attempts: 1 } },
      });
      const { holds, health } = recordingHolds(store as typeof store & DeliveryStore, time.clock);
      const pool = outboxMailerPool(config, resolveOutboxOptions({}));
      const settings = config.alerts;
      if (!settings) throw new Error('the alerts are configured above');
      const alerts = createAlertSender({ settings, logger, clock: time.clock });
      return {
        config,
        holds,
        health,
        alerts,
        check: createHealthCheck({ config, holds, logger, pool, alerts }),
      };
    });
    const [first] = instances;
    if (!first) throw new Error('two instances above');
    const routes = settingsRoutes(first.config, TENANT);
    /** Runs both instances' checks at once, and waits for their alerts. */
    const checkBoth = async () => {
      await Promise.all(instances.map(({ check }) => check(TENANT)));
      await Promise.all(instances.map(({ alerts }) => alerts.close()));
    };
    /** Saves Application sign-in through Graph as an admin does, `extra` on top, keeping the secret when it is `undefined`. */
    const save = async (extra: Record<string, unknown> = {}, version?: number) => {
      const { refreshToken: _, ...draft } = microsoftDraft({
        signIn: 'application',
        sendingMethod: 'graph',
        ...extra,
      });
      const response = await routes.request('/settings', {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          Origin: 'https://app.example.test',
          ...(version !== undefined && { 'If-Match': `"${version}"` }),
        },
        body: JSON.stringify({ settings: draft }),
      });
      expect(response.status).toBe(200);
    };
    const tokenHealth = async () =>
      ((await (await routes.request('/settings')).json()) as SettingsResponse).tokenHealth;
    return { store, receiver, time, logger, instances, config: first.config, checkBoth, save, tokenHealth };
  }

  it('keeps the end date read from the app registration once, and token health warns with it', async () => {
    const { store, time, instances, config, checkBoth, save, tokenHealth, receiver } = await setup();
    await save();
    expect(await tokenHealth()).toEqual({ scopes: [], warnings: [] });

    await checkBoth();
    const stored = await store.get(TENANT);
    expect(stored).toMatchObject({ version: 1, settings: { clientSecretReadExpiresAt: READ_END } });
    expect(graph.count('application')).toBe(2);
    // Read twice, kept once: the second instance found the same date there already.
    await checkBoth();
    expect(await store.getRevision(TENANT)).toBe(stored?.revision);
    expect((await store.audit(TENANT)).map(({ action }) => action)).toEqual(['save']);
    // 45 days off: kept, but no warning and no alert yet.
    expect(await tokenHealth()).toEqual({ scopes: [], warnings: [] });
    expect(receiver.requests).toEqual([]);

    time.advance(20 * DAY);
    expect(await tokenHealth()).toEqual({
      scopes: [],
      warnings: [
        expect.objectContaining({
          messageKey: 'warning.clientSecretExpiresRead',
          params: { date: '2027-01-20' },
        }),
      ],
    });
    // The mailer's health, from the record it sends with, says the same.
    const mailer = createMailer({ config, tenant: TENANT });
    try {
      expect((await mailer.checkHealth()).tokenHealth?.warnings).toEqual([
        expect.objectContaining({ messageKey: 'warning.clientSecretExpiresRead' }),
      ]);
    } finally {
      await mailer.close();
    }
    for (const { holds, health } of instances) {
      expect(holds.has(TENANT)).toBe(false);
      expect(health).toEqual([]);
    }
  });

  it('drops what was read with the secret it was read for when a new secret is saved', async () => {
    const { store, checkBoth, save } = await setup();
    await save();
    await checkBoth();
    expect((await store.get(TENANT))?.settings).toHaveProperty('clientSecretReadExpiresAt', READ_END);
    await save({ clientSecret: 'new~Secret.never-echo-5678' }, 1);
    expect((await store.get(TENANT))?.settings).not.toHaveProperty('clientSecretReadExpiresAt');
    // The admin's audit trail names the secret they replaced, not the notes that went with it.
    expect((await store.audit(TENANT, { limit: 1 }))[0]?.changedFields).toEqual(['clientSecret']);
    // The app registration lists no secret with the new one's hint: nothing to keep.
    await checkBoth();
    expect((await store.get(TENANT))?.settings).not.toHaveProperty('clientSecretReadExpiresAt');
  });

  it('lets an earlier entered end date win, in its own words', async () => {
    const { time, checkBoth, save, tokenHealth } = await setup();
    await save({ clientSecretExpiresAt: '2026-12-20' });
    await checkBoth();
    expect(await tokenHealth()).toEqual({
      scopes: [],
      warnings: [
        expect.objectContaining({
          messageKey: 'warning.clientSecretExpires',
          params: { date: '2026-12-20' },
        }),
      ],
    });
    // A later entered date gives way to the read one, which the save kept with the secret.
    await save({ clientSecretExpiresAt: '2027-03-01', clientSecret: undefined }, 1);
    time.advance(20 * DAY);
    expect(await tokenHealth()).toEqual({
      scopes: [],
      warnings: [
        expect.objectContaining({
          messageKey: 'warning.clientSecretExpiresRead',
          params: { date: '2027-01-20' },
        }),
      ],
    });
  });

  it('alerts once across instances and periods when the secret nears its end, and again for a new date', async () => {
    const { store, receiver, time, logger, checkBoth, save } = await setup();
    await save();
    time.advance(20 * DAY);
    await checkBoth();
    await checkBoth();
    expect(receiver.requests.map(({ body }) => JSON.parse(body))).toEqual([
      {
        id: expect.any(String),
        type: 'oauth.secret-lapsing',
        tenant: TENANT,
        at: time.clock().toISOString(),
        secret: { expiresAt: READ_END, source: 'read' },
      },
    ]);
    // A save keeping the secret keeps what was read and alerted: no second alert.
    const kept = await store.get(TENANT);
    await save({ fromName: 'Contoso Mail', clientSecret: undefined }, kept?.version);
    expect(await store.get(TENANT)).toMatchObject({
      version: 2,
      settings: { clientSecretReadExpiresAt: READ_END, clientSecretLapseWarnedFor: READ_END },
    });
    await checkBoth();
    expect(receiver.requests).toHaveLength(1);
    // An entered date nearer than the read one is another date: one more alert.
    await save({ clientSecretExpiresAt: '2027-01-01', clientSecret: undefined }, 2);
    await checkBoth();
    expect(receiver.requests.map(({ body }) => JSON.parse(body).secret)).toEqual([
      { expiresAt: READ_END, source: 'read' },
      { expiresAt: '2027-01-01T00:00:00.000Z', source: 'entered' },
    ]);
    const sent = `${receiver.requests.map(({ body, headers }) => body + JSON.stringify(headers))}`;
    const tokens = mock.issued.map(({ accessToken }) => accessToken);
    for (const secret of [ALERTS_SECRET, SECRETS.clientSecret, ...tokens]) {
      expect(sent).not.toContain(secret);
      expect(logger.lines.filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(
      logger.lines.filter((line) => line.includes('client secret of a tenant expires soon')),
    ).toHaveLength(2);
  });

  it('leaves everything as it is when the app may not read its registration (403)', async () => {
    const { store, receiver, time, checkBoth, save, tokenHealth } = await setup();
    await save();
    graph.failAlways('application', { status: 403, code: 'Authorization_RequestDenied' });
    time.advance(20 * DAY);
    await checkBoth();
    graph.failAlways('application', undefined);
    expect(graph.count('application')).toBe(2);
    expect(await store.get(TENANT)).toMatchObject({ version: 1, revision: 1 });
    expect((await store.get(TENANT))?.settings).not.toHaveProperty('clientSecretReadExpiresAt');
    expect(await tokenHealth()).toEqual({ scopes: [], warnings: [] });
    expect(receiver.requests).toEqual([]);
  });
});
