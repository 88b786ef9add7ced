import type { INetworkModule } from '@azure/msal-node';
import type { Security } from '@smtp-settings/schema';

/** Where a provider's mail server listens and how to connect to it. */
export interface SmtpEndpoint {
  /** Host name of the submission server. */
  host: string;
  /** Port of the submission server. */
  port: number;
  /** Connection security: `'tls'` (implicit TLS), `'starttls'` or `'none'`. */
  security: Security;
}

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

/** Where Google's OAuth endpoints and mail server are, e.g. for a test double. */
export interface GoogleProviderOptions {
  /** Authorization endpoint; defaults to `https://accounts.google.com/o/oauth2/v2/auth`. */
  authUrl?: string;
  /** Token endpoint; defaults to `https://oauth2.googleapis.com/token`. */
  tokenUrl?: string;
  /** Token revocation endpoint; defaults to `https://oauth2.googleapis.com/revoke`. */
  revokeUrl?: string;
  /** The SMTP submission server; defaults to `smtp.gmail.com:465` with implicit TLS. */
  smtp?: Partial<SmtpEndpoint>;
}

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

/** Microsoft provider options with every default filled in. */
export type MicrosoftProvider = Omit<MicrosoftProviderOptions, 'authorityHost' | 'smtpScope' | 'smtp'> & {
  /** Origin of the identity platform, without a trailing slash. */
  authorityHost: string;
  /** The scope an SMTP access token needs. */
  smtpScope: string;
  /** The SMTP submission server. */
  smtp: SmtpEndpoint;
  /** How long one call to the identity platform may take in all, in ms. */
  tokenTimeoutMs: number;
};

/** Google provider options with every default filled in. */
export type GoogleProvider = Required<Omit<GoogleProviderOptions, 'smtp'>> & {
  /** The SMTP submission server. */
  smtp: SmtpEndpoint;
  /** How long one call to Google's token endpoint may take in all, in ms. */
  tokenTimeoutMs: number;
};

/** Both providers with every default filled in. */
export interface ResolvedProviders {
  /** Microsoft 365 endpoints. */
  microsoft: MicrosoftProvider;
  /** Google Workspace endpoints. */
  google: GoogleProvider;
}

/** What minting an access token from a refresh token yields. */
export interface MintedAccessToken {
  /** The bearer token for SMTP XOAUTH2. */
  accessToken: string;
  /** When the provider says the access token stops working. */
  expiresAt: Date;
  /** A new refresh token, present only when the provider rotated it; store it, the old one may stop working. */
  refreshToken?: string;
}

const MICROSOFT_DEFAULTS = {
  authorityHost: 'https://login.microsoftonline.com',
  smtpScope: 'https://outlook.office.com/SMTP.Send',
  smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
} as const satisfies Pick<MicrosoftProvider, 'authorityHost' | 'smtpScope' | 'smtp'>;

const GOOGLE_DEFAULTS = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
} as const satisfies Omit<GoogleProvider, 'tokenTimeoutMs'>;

// The providers answer within a second or two: ten seconds is an outage, and a Test (15 s in all) still says so.
const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/**
 * Fills in the default endpoints of each provider and checks the given ones, so a bad URL fails at
 * startup rather than on the first send.
 *
 * @example
 * ```ts
 * const providers = resolveProviders({
 *   microsoft: { authorityHost: 'https://login.microsoftonline.us', smtp: { host: 'smtp.office365.us' } },
 *   tokenTimeoutMs: 5_000,
 * });
 * ```
 */
export function resolveProviders(options: ProvidersOptions = {}): ResolvedProviders {
  const { microsoft = {}, google = {}, tokenTimeoutMs = DEFAULT_TOKEN_TIMEOUT_MS } = options;
  if (!Number.isInteger(tokenTimeoutMs) || tokenTimeoutMs < 1) {
    throw new TypeError(
      'smtp-settings: `providers.tokenTimeoutMs` must be a whole number of milliseconds above 0',
    );
  }
  return {
    microsoft: {
      ...microsoft,
      // MSAL refuses authorities that are not https (`authority_uri_insecure`).
      authorityHost: checkUrl(
        'providers.microsoft.authorityHost',
        microsoft.authorityHost ?? MICROSOFT_DEFAULTS.authorityHost,
        { httpsOnly: true },
      ),
      smtpScope: microsoft.smtpScope ?? MICROSOFT_DEFAULTS.smtpScope,
      smtp: { ...MICROSOFT_DEFAULTS.smtp, ...microsoft.smtp },
      tokenTimeoutMs,
    },
    google: {
      authUrl: checkUrl('providers.google.authUrl', google.authUrl ?? GOOGLE_DEFAULTS.authUrl),
      tokenUrl: checkUrl('providers.google.tokenUrl', google.tokenUrl ?? GOOGLE_DEFAULTS.tokenUrl),
      revokeUrl: checkUrl('providers.google.revokeUrl', google.revokeUrl ?? GOOGLE_DEFAULTS.revokeUrl),
      smtp: { ...GOOGLE_DEFAULTS.smtp, ...google.smtp },
      tokenTimeoutMs,
    },
  };
}

/** Checks that an endpoint option is an absolute URL of an allowed protocol and drops trailing slashes. */
function checkUrl(option: string, value: string, { httpsOnly = false } = {}): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const protocols = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!url || !protocols.includes(url.protocol)) {
    throw new TypeError(
      `smtp-settings: \`${option}\` must be an absolute ${httpsOnly ? 'https' : 'http(s)'} URL`,
    );
  }
  return value.replace(/\/+$/, '');
}
