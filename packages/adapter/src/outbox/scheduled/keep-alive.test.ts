import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftDraft, SECRETS } from '../../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { memoryConfig, recordingHolds, saveSettings } from '../../../test/outbox-fixture.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { createKeepAlive } from './keep-alive.js';

const TENANT = 'contoso';

let mock: OAuthMock;
beforeAll(async () => {
  // Like Microsoft, every refresh answer carries a new refresh token.
  mock = await startOAuthMock({ rotateRefreshToken: true });
});
afterAll(() => mock.stop());

/** A keep-alive on a new memory store whose Microsoft endpoints are the mock's, with the health changes it reported. */
function setup() {
  const { store, config, logger } = memoryConfig({ providers: { microsoft: mock.microsoftOptions() } });
  const { holds, health } = recordingHolds(store, config.clock);
  const keepAlive = createKeepAlive({ config, holds, logger });
  return { store, config, logger, holds, health, keepAlive };
}

/** Saves Microsoft settings for `tenant`, secrets sealed, as `PUT /settings` does. */
async function saveMicrosoft(config: SmtpConfig, tenant: string): Promise<void> {
  const { clientSecret, refreshToken, ...settings } = microsoftDraft();
  const seal = (value: string, field: 'clientSecret' | 'refreshToken') =>
    config.secrets.seal(value, { tenant, field });
  await config.store.put(
    tenant,
    {
      settings: {
        ...settings,
        clientSecret: seal(clientSecret, 'clientSecret'),
        refreshToken: seal(refreshToken, 'refreshToken'),
        connection: { scopes: [], obtainedAt: config.clock().toISOString() },
      },
      updatedAt: config.clock().toISOString(),
      updatedBy: 'admin',
      changedFields: ['refreshToken'],
    },
    0,
  );
}

/** The refresh token stored for `tenant`, opened. */
async function storedRefreshToken(config: SmtpConfig, tenant: string): Promise<string> {
  const sealed = (await config.store.get(tenant))?.settings.refreshToken as string;
  return config.secrets.open(sealed, { tenant, field: 'refreshToken' });
}

describe('the OAuth keep-alive', () => {
  it('uses the refresh token at the provider and saves the one it rotated, keeping the version', async () => {
    const { config, holds, logger, keepAlive } = setup();
    await saveMicrosoft(config, TENANT);
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

    // The next run (no access token cache in between) uses the rotated token.
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
    await saveMicrosoft(config, TENANT);
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

  it('leaves Basic settings alone', async () => {
    const { config, keepAlive } = setup();
    await saveSettings(config, TENANT, { host: '127.0.0.1', port: 587 });
    const before = mock.requests.length;
    await keepAlive(TENANT);
    expect(mock.requests.length).toBe(before);
    expect((await config.store.get(TENANT))?.revision).toBe(1);
  });
});
