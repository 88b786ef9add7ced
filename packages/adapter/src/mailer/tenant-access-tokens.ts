import type { SmtpConfig } from '../config/smtp-config.js';
import { isAccessTokenStore } from '../stores/store.js';
import {
  type AccessTokenCache,
  type AccessTokenCacheOptions,
  createAccessTokenCache,
} from './access-token-cache.js';
import { createSharedAccessTokens, refreshLeaseMs } from './shared-access-tokens.js';

/**
 * The access token cache every user of a tenant's refresh token goes through (the mailer, the keep-alive),
 * shared through the store when it keeps access tokens (every built-in store does): so however many of
 * them mint, in whichever process, one refresh per token lifetime reaches the provider, inside the lease,
 * and a refresh token it rotates is saved before anyone else mints.
 *
 * @example
 * ```ts
 * const tokens = tenantAccessTokens(config, saveRotatedRefreshToken);
 * const { accessToken } = await tokens.get({ tenant, version }, () => provider.mintAccessToken(settings));
 * ```
 */
export function tenantAccessTokens(
  {
    store,
    secrets,
    providers,
    logger,
    clock,
  }: Pick<SmtpConfig, 'store' | 'secrets' | 'providers' | 'logger' | 'clock'>,
  onRefreshTokenRotated: AccessTokenCacheOptions['onRefreshTokenRotated'],
): AccessTokenCache {
  return createAccessTokenCache({
    clock,
    ...(onRefreshTokenRotated && { onRefreshTokenRotated }),
    ...(isAccessTokenStore(store) && {
      shared: createSharedAccessTokens({ store, secrets, logger, clock, leaseMs: refreshLeaseMs(providers) }),
    }),
  });
}
