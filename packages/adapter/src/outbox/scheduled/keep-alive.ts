import type { SmtpConfig } from '../../config/smtp-config.js';
import { openSettings, rotateRefreshToken } from '../../settings/record-secrets.js';
import { loadSealedRecord } from '../../settings/sealed-record.js';
import { classifyTokenError } from '../../smtp/classify-token.js';
import { type CheckFailureContext, holdOnBrokenSettings } from './check-failure.js';

/** The name of the keep-alive task. */
export const KEEP_ALIVE = 'oauth-keep-alive';

const ROTATION_ACTOR = 'smtp-settings outbox (refresh token keep-alive)';

/**
 * Creates the keep-alive of one tenant's OAuth refresh token: mints an access token from it at the
 * provider (no cache in between), since providers let unused refresh tokens lapse (Microsoft after 90
 * days, Google after 6 months); a refresh token the provider rotated is saved over the version it came
 * from, as the mailer saves it. A token the provider refuses (`invalid_grant`: revoked, expired) holds
 * the tenant with the sign-in failure, whose hint tells the admin to get a new refresh token. Basic
 * settings, and OAuth settings without a refresh token, are left alone.
 *
 * @example
 * const keepAlive = createKeepAlive({ config, holds, logger });
 * await keepAlive('acme');
 */
export function createKeepAlive({
  config,
  holds,
  logger,
}: CheckFailureContext & { config: SmtpConfig }): (tenant: string) => Promise<void> {
  const { store, secrets, providers, clock } = config;
  return async (tenant) => {
    let revision = await store.getRevision(tenant);
    try {
      const record = await loadSealedRecord(store, tenant);
      if (record?.settings.authType !== 'oauth' || record.settings.refreshToken === undefined) return;
      revision = record.revision;
      const settings = openSettings(record, secrets, tenant);
      if (settings.authType !== 'oauth') return;
      const minted = await providers[settings.provider]
        .mintAccessToken(settings)
        .catch((error: unknown) => Promise.reject(classifyTokenError(error)));
      if (minted.refreshToken === undefined || minted.refreshToken === settings.refreshToken) return;
      const rotation = { tenant, version: record.version, refreshToken: minted.refreshToken, at: clock() };
      if ((await rotateRefreshToken(store, secrets, { ...rotation, actor: ROTATION_ACTOR })) === null) {
        logger.warn(
          'smtp-settings: dropped a rotated refresh token because the settings were saved meanwhile',
          { tenant, version: record.version },
        );
      }
    } catch (error) {
      await holdOnBrokenSettings({ holds, logger }, tenant, error, revision, KEEP_ALIVE);
    }
  };
}
