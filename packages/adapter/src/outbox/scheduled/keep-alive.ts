import type { DeliveryFailure } from '@smtp-settings/schema';
import type { AlertSender } from '../../alerts/alert-sender.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { saveRotation } from '../../mailer/save-rotation.js';
import { tenantAccessTokens } from '../../mailer/tenant-access-tokens.js';
import { holdsRefreshToken } from '../../settings/oauth-connection.js';
import { openSettings } from '../../settings/record-secrets.js';
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
 * provider, through the same shared lease as the mailers (so a keep-alive and a send never both refresh),
 * since providers let unused refresh tokens lapse (Microsoft after 90 days, Google after 6 months); a
 * refresh token the provider rotated is saved over the version it came from, as the mailer saves it, and
 * the access token is kept for the senders. A token the provider refuses (`invalid_grant`: revoked, expired) holds
 * the tenant with the sign-in failure, whose hint tells the admin to get a new refresh token. When it
 * could not be used for a reason that may pass (the provider unreachable), or the provider set it to
 * expire, and it may lapse within two weeks, the host is warned once (`oauth.token-lapsing`). Basic
 * settings, OAuth settings without a refresh token, and Application sign-in are left alone.
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

  /**
   * Mints from the record's refresh token through the tenant's shared access tokens, inside the lease the
   * mailers take, saving a rotated refresh token before the lease ends; a token another instance minted
   * and that is still fresh is taken instead, since minting it used the refresh token just as well.
   */
  async function useRefreshToken(tenant: string, record: SealedRecord): Promise<void> {
    const settings = openSettings(record, secrets, tenant);
    if (settings.authType !== 'oauth') return;
    const tokens = tenantAccessTokens(config, (key, refreshToken) =>
      saveRotation(config, {
        tenant,
        version: key.version,
        refreshToken,
        at: clock(),
        actor: ROTATION_ACTOR,
      }),
    );
    await tokens
      .get({ tenant, version: record.version }, () => providers[settings.provider].mintAccessToken(settings))
      .catch((error: unknown) => Promise.reject(classifyTokenError(error)));
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
    if (!record || !holdsRefreshToken(record.settings)) return;
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
