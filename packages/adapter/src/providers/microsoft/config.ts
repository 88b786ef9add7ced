import type { INetworkModule } from '@azure/msal-node';
import { checkUrl } from '../check-url.js';
import type { GraphEndpoint, SmtpEndpoint } from '../provider.js';

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
  /** The scope of an SMTP token for Application sign-in; defaults to `https://outlook.office365.com/.default`. */
  smtpAppScope?: string;
  /**
   * Microsoft Graph, for the Graph sending method: `origin` defaults to `https://graph.microsoft.com`
   * (US Government: `https://graph.microsoft.us`), `timeoutMs` (one request in all) to 30 s.
   */
  graph?: Partial<GraphEndpoint>;
}

/** Microsoft provider options with every default filled in. */
export type MicrosoftConfig = Omit<
  MicrosoftProviderOptions,
  'authorityHost' | 'smtpScope' | 'smtp' | 'smtpAppScope' | 'graph'
> & {
  /** Origin of the identity platform, without a trailing slash. */
  authorityHost: string;
  /** The scope an SMTP access token needs. */
  smtpScope: string;
  /** The SMTP submission server. */
  smtp: SmtpEndpoint;
  /** The scope of an SMTP token for Application sign-in. */
  smtpAppScope: string;
  /** Microsoft Graph. */
  graph: GraphEndpoint;
  /** How long one call to the identity platform may take in all, in ms. */
  tokenTimeoutMs: number;
};

const MICROSOFT_DEFAULTS = {
  authorityHost: 'https://login.microsoftonline.com',
  smtpScope: 'https://outlook.office.com/SMTP.Send',
  smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  smtpAppScope: 'https://outlook.office365.com/.default',
  // Graph answers in well under a second; a send of a large message may take longer.
  graph: { origin: 'https://graph.microsoft.com', timeoutMs: 30_000 },
} as const satisfies Pick<MicrosoftConfig, 'authorityHost' | 'smtpScope' | 'smtp' | 'smtpAppScope' | 'graph'>;

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
    smtpAppScope: options.smtpAppScope ?? MICROSOFT_DEFAULTS.smtpAppScope,
    graph: {
      // A test double may listen on plain http; a real Graph is always https.
      origin: checkUrl(
        'providers.microsoft.graph.origin',
        options.graph?.origin ?? MICROSOFT_DEFAULTS.graph.origin,
      ),
      timeoutMs: graphTimeout(options.graph?.timeoutMs),
    },
    tokenTimeoutMs,
  };
}

/** The Graph request timeout, checked like `tokenTimeoutMs`. */
function graphTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return MICROSOFT_DEFAULTS.graph.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new TypeError(
      'smtp-settings: `providers.microsoft.graph.timeoutMs` must be a whole number of milliseconds above 0',
    );
  }
  return timeoutMs;
}
