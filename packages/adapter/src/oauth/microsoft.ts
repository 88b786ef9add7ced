import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { MicrosoftSettings } from '@smtp-settings/schema';
import { SmtpFailure } from '../smtp/smtp-failure.js';
import {
  type MicrosoftProvider,
  type MicrosoftProviderOptions,
  type MintedAccessToken,
  resolveProviders,
} from './providers.js';
import { missingRefreshToken, tokenRefused, tokenUnreachable } from './token-failure.js';

// Expired (70008, 700082), revoked or password changed (50173), unusable grant (70000).
const REVOKED_ERROR_NUMBERS = new Set(['70000', '70008', '700082', '50173']);
const NETWORK_ERROR_CODES = new Set([
  'network_error',
  'endpoints_resolution_error',
  'no_network_connectivity',
]);
// Microsoft documents 60-90 minutes; used only if a result ever lacks `expiresOn`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * Mints an access token for Microsoft 365 SMTP from the saved refresh token through MSAL, and returns
 * the rotated refresh token Microsoft issues with it.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Microsoft no longer accepts it
 * (`invalid_grant`, AADSTS70000/70008/700082/50173), `TOKEN_FAILED` for anything else; messages never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, refreshToken } = await mintMicrosoftAccessToken(settings, {});
 * if (refreshToken) await saveRotated(refreshToken);
 * ```
 */
export async function mintMicrosoftAccessToken(
  settings: MicrosoftSettings,
  options: MicrosoftProviderOptions = {},
): Promise<MintedAccessToken> {
  const { refreshToken, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken('Microsoft');
  const provider = resolveProviders({ microsoft: options }).microsoft;
  // A fresh application per mint: its token cache then holds exactly this grant's refresh token.
  const app = new ConfidentialClientApplication(msalConfiguration(settings, provider));

  let result: Awaited<ReturnType<ConfidentialClientApplication['acquireTokenByRefreshToken']>>;
  try {
    // forceCache: MSAL otherwise skips caching the response, as the account is not in this fresh cache.
    result = await app.acquireTokenByRefreshToken({
      refreshToken,
      scopes: [provider.smtpScope],
      forceCache: true,
    });
  } catch (error) {
    throw microsoftFailure(error, [clientSecret, refreshToken]);
  }
  if (!result?.accessToken) {
    throw new SmtpFailure('TOKEN_FAILED', 'Microsoft answered without an access token.', { stage: 'auth' });
  }
  // MSAL never returns the refresh token it received: it keeps it in its token cache, so the rotated
  // one is read from there, or the old one would be stored until it expires.
  const rotated = refreshTokenInCache(app.getTokenCache().serialize());
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn ?? new Date(Date.now() + DEFAULT_LIFETIME_MS),
    ...(rotated && rotated !== refreshToken && { refreshToken: rotated }),
  };
}

/** The MSAL configuration for the settings' app registration and tenant at the provider's authority. */
function msalConfiguration(settings: MicrosoftSettings, provider: MicrosoftProvider): Configuration {
  const { authorityMetadata, cloudDiscoveryMetadata, knownAuthorities, networkClient } = provider;
  return {
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: `${provider.authorityHost}/${encodeURIComponent(settings.tenantId)}`,
      ...(authorityMetadata !== undefined && { authorityMetadata }),
      ...(cloudDiscoveryMetadata !== undefined && { cloudDiscoveryMetadata }),
      ...(knownAuthorities !== undefined && { knownAuthorities: [...knownAuthorities] }),
    },
    ...(networkClient !== undefined && { system: { networkClient } }),
  };
}

/** The refresh token in a serialized MSAL token cache, if it holds one. */
function refreshTokenInCache(serialized: string): string | undefined {
  const cache = JSON.parse(serialized) as { RefreshToken?: Record<string, { secret?: unknown }> };
  const secret = Object.values(cache.RefreshToken ?? {})[0]?.secret;
  return typeof secret === 'string' && secret !== '' ? secret : undefined;
}

/** Reads the OAuth error out of an MSAL error; MSAL's own message is not reused, it carries trace IDs and more. */
function microsoftFailure(error: unknown, secrets: readonly string[]): SmtpFailure {
  const { errorCode, errorMessage, errorNo, status } = (error ?? {}) as Record<string, unknown>;
  const code = typeof errorCode === 'string' ? errorCode : undefined;
  const text = typeof errorMessage === 'string' ? errorMessage : '';
  // ServerError wraps the description as "Error(s): … - Description: AADSTS…: … - Correlation ID: …".
  const description = /- Description: ([\s\S]*?) - Correlation ID:/.exec(text)?.[1] ?? text;
  const number = typeof errorNo === 'string' && errorNo ? errorNo : /AADSTS(\d+)/.exec(description)?.[1];
  if (!isServerAnswer(error)) {
    if (!code || NETWORK_ERROR_CODES.has(code) || (error as Error)?.name === 'NetworkError') {
      return tokenUnreachable('Microsoft', code);
    }
    return new SmtpFailure('TOKEN_FAILED', `MSAL could not request a token from Microsoft (${code}).`, {
      stage: 'auth',
    });
  }
  const revoked = code === 'invalid_grant' || (number !== undefined && REVOKED_ERROR_NUMBERS.has(number));
  return tokenRefused(
    'Microsoft',
    {
      error: code,
      ...(number !== undefined && { errorNumber: number }),
      ...(description && { description }),
      ...(typeof status === 'number' && { status }),
    },
    { revoked, secrets },
  );
}

/** ServerError and InteractionRequiredAuthError carry the token endpoint's answer; client errors (network, config) do not. */
function isServerAnswer(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'ServerError' || name === 'InteractionRequiredAuthError';
}
