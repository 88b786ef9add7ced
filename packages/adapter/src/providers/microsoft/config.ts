import type { INetworkModule } from '@azure/msal-node';
import { checkUrl } from '../check-url.js';
import type { SmtpEndpoint } from '../provider.js';

/** Where Microsoft's identity platform and mail server are, e.g. for a national cloud or a test double. */
export interface MicrosoftProviderOptions {
  /** Origin of the identity platform; defaults to `https://login.microsoftonline.com` (US Government: `https://login.microsoftonline.us`). */
  authorityHost?: string;
  /** The authority's OpenID configuration as a JSON string (MSAL `auth.authorityMetadata`), so MSAL does not fetch it. */
  authorityMetadata?: string;
  /** Instance discovery metadata as a JSON string (MSAL `auth.cloudDiscoveryMetadata`), so MSAL does not fetch it. */
  cloudDiscoveryMetadata?: string;
  /** Authority hosts MSAL trusts without instance discovery (MSAL `auth.knownAuthorities`), e.g. `['localhost:8443']`. */
  knownAuthorities?: readonly string[];
  /**
   * The HTTP client MSAL uses (MSAL `system.networkClient`), e.g. one that trusts a test CA; at
   * `tokenTimeoutMs` its requests are abandoned, as MSAL cannot cancel them, so it should bound them itself.
   * Without it, the adapter's own client is used, whose requests the timeout closes.
   */
  networkClient?: INetworkModule;
  /** The scope an SMTP access token needs; defaults to `https://outlook.office.com/SMTP.Send` (GCC High: `https://outlook.office365.us/SMTP.Send`). */
  smtpScope?: string;
  /** The SMTP submission server; defaults to `smtp.office365.com:587` with STARTTLS (US Government: `smtp.office365.us`). */
  smtp?: Partial<SmtpEndpoint>;
}

/** Microsoft provider options with every default filled in. */
export type MicrosoftConfig = Omit<MicrosoftProviderOptions, 'authorityHost' | 'smtpScope' | 'smtp'> & {
  /** Origin of the identity platform, without a trailing slash. */
  authorityHost: string;
  /** The scope an SMTP access token needs. */
  smtpScope: string;
  /** The SMTP submission server. */
  smtp: SmtpEndpoint;
  /** How long one call to the identity platform may take in all, in ms. */
  tokenTimeoutMs: number;
};

const MICROSOFT_DEFAULTS = {
  authorityHost: 'https://login.microsoftonline.com',
  smtpScope: 'https://outlook.office.com/SMTP.Send',
  smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
} as const satisfies Pick<MicrosoftConfig, 'authorityHost' | 'smtpScope' | 'smtp'>;

/** Fills in Microsoft's public endpoints where `options` gives none, and checks the given ones. */
export function resolveMicrosoftConfig(
  options: MicrosoftProviderOptions,
  tokenTimeoutMs: number,
): MicrosoftConfig {
  return {
    ...options,
    // MSAL refuses authorities that are not https (`authority_uri_insecure`).
    authorityHost: checkUrl(
      'providers.microsoft.authorityHost',
      options.authorityHost ?? MICROSOFT_DEFAULTS.authorityHost,
      { httpsOnly: true },
    ),
    smtpScope: options.smtpScope ?? MICROSOFT_DEFAULTS.smtpScope,
    smtp: { ...MICROSOFT_DEFAULTS.smtp, ...options.smtp },
    tokenTimeoutMs,
  };
}
