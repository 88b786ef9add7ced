import type { OAuthProvider } from '@smtp-settings/schema';
import { GOOGLE_PROFILE } from './google/profile.js';
import { MICROSOFT_PROFILE } from './microsoft/profile.js';
import type { ProviderProfile } from './provider.js';

/**
 * Every provider's profile by the `provider` of its settings: its words and advice, for code that judges
 * settings without resolved endpoints (token health, a Test's warnings). The bound providers carry the same.
 *
 * @example
 * ```ts
 * const warning = PROVIDER_PROFILES[settings.provider].sendAsWarning(account, settings.fromEmail);
 * ```
 */
export const PROVIDER_PROFILES: Readonly<Record<OAuthProvider, ProviderProfile>> = {
  microsoft: MICROSOFT_PROFILE,
  google: GOOGLE_PROFILE,
};
