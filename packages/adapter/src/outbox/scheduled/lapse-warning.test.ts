import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS } from '../../../test/app-fixture.js';
import { startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { memoryConfig, recordingHolds, saveMicrosoftSettings } from '../../../test/outbox-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver.js';
import { createAlertSender } from '../../alerts/alert-sender.js';
import { verifyWebhookSignature } from '../../alerts/signature.js';
import { createKeepAlive } from './keep-alive.js';

const TENANT = 'contoso';
const DAY = 86_400_000;
const ALERTS_SECRET = 'alerts-secret-0123456789abcdef-never-sent';

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/**
 * Two instances' keep-alives on one memory store whose Microsoft token endpoint is an oauth2-mock-server,
 * each with its own alert sender posting to a real local receiver.
 */
async function setup(mock: Awaited<ReturnType<typeof startOAuthMock>>) {
  const receiver = await startWebhookReceiver();
  receivers.push(receiver);
  const { store, config, logger, time } = memoryConfig({
    providers: { microsoft: mock.microsoftOptions(), tokenTimeoutMs: 2_000 },
    alerts: { webhook: receiver.url, secret: ALERTS_SECRET, retry: { attempts: 1 } },
  });
  const { alerts: settings } = config;
  if (!settings) throw new Error('the alerts are configured above');
  const instances = [1, 2].map(() => {
    const { holds, health } = recordingHolds(store, config.clock);
    const alerts = createAlertSender({ settings, logger, clock: config.clock });
    return { holds, health, alerts, keepAlive: createKeepAlive({ config, holds, logger, alerts }) };
  });
  /** Runs both instances' keep-alive at once, and waits for their alerts. */
  const runBoth = async () => {
    await Promise.all(instances.map(({ keepAlive }) => keepAlive(TENANT)));
    await Promise.all(instances.map(({ alerts }) => alerts.close()));
  };
  return { receiver, config, logger, time, instances, runBoth };
}

describe('the warning of a refresh token that may lapse', () => {
  it('alerts once across instances when the token endpoint stays unreachable as the 90 days of inactivity near', async () => {
    const mock = await startOAuthMock({ rotateRefreshToken: true });
    const { receiver, config, logger, time, instances, runBoth } = await setup(mock);
    await saveMicrosoftSettings(config, TENANT);
    const signedInAt = time.now();
    await mock.stop();

    time.advance(60 * DAY);
    await runBoth();
    // Unreachable, but 30 days from the lapse: only the usual "may pass" log.
    expect(receiver.requests).toEqual([]);

    time.advance(20 * DAY);
    await runBoth();
    await runBoth();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const signature = request?.headers['smtp-settings-signature'] as string;
    expect(
      verifyWebhookSignature(request?.body as string, signature, ALERTS_SECRET, { now: time.clock() }),
    ).toBe(true);
    expect(JSON.parse(request?.body as string)).toEqual({
      id: expect.any(String),
      type: 'oauth.token-lapsing',
      tenant: TENANT,
      at: time.clock().toISOString(),
      lapse: {
        reason: 'unused',
        lapsesAt: new Date(signedInAt + 90 * DAY).toISOString(),
        lastUsedAt: new Date(signedInAt).toISOString(),
      },
      error: expect.objectContaining({ code: 'TOKEN_ENDPOINT_UNREACHABLE', stage: 'auth' }),
    });
    for (const { holds, health } of instances) {
      expect(holds.has(TENANT)).toBe(false);
      expect(health).toEqual([]);
    }
    const sent = `${request?.body}${JSON.stringify(request?.headers)}${logger.lines.join('\n')}`;
    for (const secret of [ALERTS_SECRET, SECRETS.refreshToken, SECRETS.clientSecret]) {
      expect(sent).not.toContain(secret);
    }
    expect(logger.lines.filter((line) => line.includes('may lapse soon'))).toHaveLength(1);
  }, 30_000);

  it('alerts once of a refresh token the provider set to expire, though the keep-alive used it', async () => {
    const mock = await startOAuthMock({ rotateRefreshToken: false });
    try {
      const { receiver, config, time, runBoth } = await setup(mock);
      const expiresAt = new Date(time.now() + 7 * DAY).toISOString();
      await saveMicrosoftSettings(config, TENANT, { refreshTokenExpiresAt: expiresAt });
      await runBoth();
      await runBoth();
      expect(mock.requests.length).toBeGreaterThan(0);
      expect(receiver.requests.map(({ body }) => JSON.parse(body))).toEqual([
        expect.objectContaining({
          type: 'oauth.token-lapsing',
          lapse: { reason: 'expires', lapsesAt: expiresAt },
        }),
      ]);
    } finally {
      await mock.stop();
    }
  });

  it('stays quiet while the keep-alive uses the token, however long ago the sign-in was', async () => {
    const mock = await startOAuthMock({ rotateRefreshToken: false });
    try {
      const { receiver, config, time, runBoth } = await setup(mock);
      await saveMicrosoftSettings(config, TENANT);
      time.advance(85 * DAY);
      await runBoth();
      expect(receiver.requests).toEqual([]);
    } finally {
      await mock.stop();
    }
  });
});
