import { type GoogleConfig, type GoogleProviderOptions, resolveGoogleConfig } from './google/config.js';
import { googleProvider } from './google/index.js';
import {
  type MicrosoftConfig,
  type MicrosoftProviderOptions,
  resolveMicrosoftConfig,
} from './microsoft/config.js';
import { microsoftProvider } from './microsoft/index.js';
import type { Providers } from './provider.js';

/** The `providers` option: per OAuth provider, where its endpoints and mail server are, and how long to wait for them. */
export interface ProvidersOptions {
  /** Microsoft 365 (Entra ID) endpoints. */
  microsoft?: MicrosoftProviderOptions;
  /** Google Workspace endpoints. */
  google?: GoogleProviderOptions;
  /**
   * How long one call to a provider's identity service may take in all, in ms: minting an access token,
   * redeeming the sign-in's code, or MSAL loading the tenant's OpenID configuration for a sign-in URL;
   * defaults to 10 s.
   */
  tokenTimeoutMs?: number;
}

/** Each provider's options with every default filled in. */
export interface ProviderConfigs {
  /** Microsoft 365 endpoints. */
  microsoft: MicrosoftConfig;
  /** Google Workspace endpoints. */
  google: GoogleConfig;
}

// The providers answer within a second or two: ten seconds is an outage, and a Test (15 s in all) still says so.
const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/**
 * The registry of providers: each `Provider` bound to its endpoints and `tokenTimeoutMs`, with the
 * defaults filled in and the given endpoints checked, so a bad URL fails at startup rather than on the
 * first send. Building it loads no provider library; each loads when its provider is first used.
 *
 * @example
 * ```ts
 * const providers = resolveProviders({
 *   microsoft: { authorityHost: 'https://login.microsoftonline.us', smtp: { host: 'smtp.office365.us' } },
 *   tokenTimeoutMs: 5_000,
 * });
 * const { accessToken } = await providers[settings.provider].mintAccessToken(settings);
 * ```
 */
export function resolveProviders(options: ProvidersOptions = {}): Providers {
  const configs = resolveProviderConfigs(options);
  return { microsoft: microsoftProvider(configs.microsoft), google: googleProvider(configs.google) };
}

/**
 * Fills in the default endpoints of each provider and checks the given ones; {@link resolveProviders}
 * binds the providers to what this returns.
 *
 * @example
 * ```ts
 * const { microsoft } = resolveProviderConfigs({ microsoft: { smtp: { host: 'smtp.office365.us' } } });
 * ```
 */
export function resolveProviderConfigs(options: ProvidersOptions = {}): ProviderConfigs {
  const { microsoft = {}, google = {}, tokenTimeoutMs = DEFAULT_TOKEN_TIMEOUT_MS } = options;
  if (!Number.isInteger(tokenTimeoutMs) || tokenTimeoutMs < 1) {
    throw new TypeError(
      'smtp-settings: `providers.tokenTimeoutMs` must be a whole number of milliseconds above 0',
    );
  }
  return {
    microsoft: resolveMicrosoftConfig(microsoft, tokenTimeoutMs),
    google: resolveGoogleConfig(google, tokenTimeoutMs),
  };
}
