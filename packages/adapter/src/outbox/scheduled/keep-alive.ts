import type { DeliveryFailure } from '@smtp-settings/schema';
import type { AlertSender } from '../../alerts/alert-sender.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { openSettings, rotateRefreshToken } from '../../settings/record-secrets.js';
import { loadSealedRecord, type SealedRecord } from '../../settings/sealed-record.js';
import { classifyTokenError } from '../../smtp/classify-token.js';
import { type CheckFailureContext, holdOnBrokenSettings } from './check-failure.js';
import { createLapseWarning } from './lapse-warning.js';

/** The name of the keep-alive task. */
export const KEEP_ALIVE = 'oauth-keep-alive';

const ROTATION_ACTOR = 'smtp-settings outbox (refresh token keep-alive)';

/** What {@link createKeepAlive} works with. */
export interface KeepAliveOptions extends CheckFailureContext {
  /** The shared configuration: the store, keys, providers and clock. */
  config: SmtpConfig;
  /** The webhook's sender, which hears of a refresh token that may lapse; absent without `alerts`. */
  alerts?: AlertSender | undefined;
}

/**
 * Creates the keep-alive of one tenant's OAuth refresh token: mints an access token from it at the
 * provider (no cache in between), since providers let unused refresh tokens lapse (Microsoft after 90
 * days, Google after 6 months); a refresh token the provider rotated is saved over the version it came
 * from, as the mailer saves it. A token the provider refuses (`invalid_grant`: revoked, expired) holds
 * the tenant with the sign-in failure, whose hint tells the admin to get a new refresh token. When it
 * could not be used for a reason that may pass (the provider unreachable), or the provider set it to
 * expire, and it may lapse within two weeks, the host is warned once (`oauth.token-lapsing`). Basic
 * settings, and OAuth settings without a refresh token, are left alone.
 *
 * @example
 * const keepAlive = createKeepAlive({ config, holds, logger, alerts });
 * await keepAlive('acme');
 */
export function createKeepAlive({
  config,
  holds,
  logger,
  alerts,
}: KeepAliveOptions): (tenant: string) => Promise<void> {
  const { store, secrets, providers, clock } = config;
  const warnOfLapse = createLapseWarning({ store, clock, logger, alerts });

  /** Mints from the record's refresh token, saving a rotated one. */
  async function useRefreshToken(tenant: string, record: SealedRecord): Promise<void> {
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
        {
          tenant,
          version: record.version,
        },
      );
    }
  }

  return async (tenant) => {
    const context = { holds, logger };
    const revision = await store.getRevision(tenant);
    let record: SealedRecord | null;
    try {
      record = await loadSealedRecord(store, tenant);
    } catch (error) {
      await holdOnBrokenSettings(context, tenant, error, revision, KEEP_ALIVE);
      return;
    }
    if (record?.settings.authType !== 'oauth' || record.settings.refreshToken === undefined) return;
    let failure: DeliveryFailure | undefined;
    try {
      await useRefreshToken(tenant, record);
    } catch (error) {
      const outcome = await holdOnBrokenSettings(context, tenant, error, record.revision, KEEP_ALIVE);
      // A held tenant's admin hears of it already, and must sign in again anyway.
      if (outcome.action === 'hold') return;
      failure = outcome.failure;
    }
    await warnOfLapse(tenant, record.settings, failure);
  };
}
