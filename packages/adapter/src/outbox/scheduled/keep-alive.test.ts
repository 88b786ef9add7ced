import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftDraft, SECRETS } from '../../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import {
  memoryConfig,
  recordingHolds,
  saveMicrosoftSettings,
  saveSettings,
} from '../../../test/outbox-fixture.js';
import { startSmtpServer, testCertificates } from '../../../test/smtp-server-fixture.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { createMailer } from '../../mailer/create-mailer.js';
import { createKeepAlive } from './keep-alive.js';

const TENANT = 'contoso';
const DAY = 86_400_000;

let mock: OAuthMock;
beforeAll(async () => {
  // Like Microsoft, every refresh answer carries a new refresh token.
  mock = await startOAuthMock({ rotateRefreshToken: true });
});
afterAll(() => mock.stop());

/** A keep-alive on a new memory store whose Microsoft endpoints are the mock's, with the health changes it reported. */
function setup() {
  const { store, config, logger, time } = memoryConfig({ providers: { microsoft: mock.microsoftOptions() } });
  const { holds, health } = recordingHolds(store, config.clock);
  const keepAlive = createKeepAlive({ config, holds, logger });
  return { store, config, logger, time, holds, health, keepAlive };
}

/** The refresh token stored for `tenant`, opened. */
async function storedRefreshToken(config: SmtpConfig, tenant: string): Promise<string> {
  const sealed = (await config.store.get(tenant))?.settings.refreshToken as string;
  return config.secrets.open(sealed, { tenant, field: 'refreshToken' });
}

describe('the OAuth keep-alive', () => {
  it('uses the refresh token at the provider and saves the one it rotated, keeping the version', async () => {
    const { config, holds, logger, keepAlive, time } = setup();
    await saveMicrosoftSettings(config, TENANT);
    const before = mock.requests.length;

    await keepAlive(TENANT);

    expect(mock.requests.slice(before)).toEqual([
      expect.objectContaining({ grantType: 'refresh_token', refreshToken: SECRETS.refreshToken }),
    ]);
    const rotated = mock.issued.at(-1)?.refreshToken as string;
    expect(rotated).toEqual(expect.any(String));
    expect(await storedRefreshToken(config, TENANT)).toBe(rotated);
    const record = await config.store.get(TENANT);
    expect(record).toMatchObject({ version: 1, revision: 2 });
    expect(record?.settings.connection).toMatchObject({ lastRefreshedAt: config.clock().toISOString() });
    expect((await config.store.audit(TENANT))[0]).toMatchObject({ action: 'rotation', version: 1 });

    // While the access token it stored is fresh, the refresh token counts as used: nothing is minted.
    await keepAlive(TENANT);
    expect(mock.requests.slice(before)).toHaveLength(1);
    // Once it expired, the next run uses the rotated token.
    time.advance(2 * DAY);
    await keepAlive(TENANT);
    expect(mock.requests.at(-1)?.refreshToken).toBe(rotated);
    expect(holds.has(TENANT)).toBe(false);
    const logged = logger.lines.join('\n');
    for (const { accessToken, refreshToken } of mock.issued) {
      expect(logged).not.toContain(accessToken);
      if (refreshToken) expect(logged).not.toContain(refreshToken);
    }
  });

  it('holds the tenant with the sign-in failure when the provider answers invalid_grant', async () => {
    const { config, holds, health, logger, keepAlive } = setup();
    await saveMicrosoftSettings(config, TENANT);
    mock.refuse(() => ({
      body: {
        error: 'invalid_grant',
        error_description: 'AADSTS700082: The refresh token has expired due to inactivity.',
        error_codes: [700082],
      },
    }));
    try {
      await keepAlive(TENANT);
      await keepAlive(TENANT);
    } finally {
      mock.accept();
    }

    expect(holds.has(TENANT)).toBe(true);
    expect(health).toEqual([
      expect.objectContaining({
        tenant: TENANT,
        ok: false,
        error: expect.objectContaining({
          code: 'TOKEN_REVOKED',
          stage: 'auth',
          hint: 'Get a new refresh token.',
        }),
      }),
    ]);
    expect(await storedRefreshToken(config, TENANT)).toBe(SECRETS.refreshToken);
    expect(logger.lines.join('\n')).not.toContain(SECRETS.refreshToken);
  });

  it('leaves Application sign-in alone, even with a refresh token left in its record', async () => {
    const { config, holds, logger, keepAlive, time } = setup();
    await saveMicrosoftSettings(config, TENANT);
    const record = await config.store.get(TENANT);
    if (!record) throw new Error('not saved');
    await config.store.put(
      TENANT,
      { ...record, settings: { ...record.settings, signIn: 'application' }, changedFields: ['signIn'] },
      record.version,
    );
    const before = mock.requests.length;
    time.advance(85 * DAY);
    await keepAlive(TENANT);
    expect(mock.requests.length).toBe(before);
    expect(holds.has(TENANT)).toBe(false);
    expect(logger.lines.join('\n')).not.toMatch(/may lapse/);
  });

  it('leaves Basic settings alone', async () => {
    const { config, keepAlive } = setup();
    await saveSettings(config, TENANT, { host: '127.0.0.1', port: 587 });
    const before = mock.requests.length;
    await keepAlive(TENANT);
    expect(mock.requests.length).toBe(before);
    expect((await config.store.get(TENANT))?.revision).toBe(1);
  });
});

describe('the OAuth keep-alive beside a sending mailer', () => {
  it.each(['keep-alive', 'send'] as const)(
    'mints once for a keep-alive and a send at once, inside one lease (the %s asks first)',
    async (first) => {
      // Accepts only the access token issued last, so a second refresh would show at the login too.
      const server = await startSmtpServer({
        security: 'starttls',
        accessTokens: mock.acceptingLatest(microsoftDraft().fromEmail),
      });
      const { store, config, logger } = memoryConfig({
        providers: {
          microsoft: {
            ...mock.microsoftOptions(),
            smtp: { host: 'localhost', port: server.port, security: 'starttls' },
          },
        },
        smtpTls: { ca: testCertificates().ca },
      });
      const { holds } = recordingHolds(store, config.clock);
      const keepAlive = createKeepAlive({ config, holds, logger });
      const mailer = createMailer({ config, tenant: TENANT });
      try {
        await saveMicrosoftSettings(config, TENANT);
        const grants = () => mock.requests.filter((r) => r.grantType === 'refresh_token').length;
        const before = grants();
        const send = () =>
          mailer.send({ to: 'qa-lead@example.com', subject: 'TC-42 updated', text: 'Step 3.' });
        let second: Promise<unknown> | undefined;
        // The second starts while the first one's refresh is at the token endpoint, its lease held.
        mock.onRequest(() => {
          mock.onRequest(undefined);
          second = first === 'send' ? keepAlive(TENANT) : send();
        });
        await (first === 'send' ? send() : keepAlive(TENANT));
        await second;
        expect(second).toBeDefined();
        expect(grants() - before).toBe(1);
        expect(server.messages).toHaveLength(1);
        expect(holds.has(TENANT)).toBe(false);
        // The rotated refresh token was saved once, inside the lease.
        expect(await storedRefreshToken(config, TENANT)).toBe(mock.issued.at(-1)?.refreshToken);
      } finally {
        mock.onRequest(undefined);
        await mailer.close();
        await server.close();
      }
    },
  );
});
