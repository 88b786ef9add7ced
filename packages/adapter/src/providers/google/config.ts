import { checkUrl } from '../check-url.js';
import type { SmtpEndpoint } from '../provider.js';

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

/** Google provider options with every default filled in. */
export type GoogleConfig = Required<Omit<GoogleProviderOptions, 'smtp'>> & {
  /** The SMTP submission server. */
  smtp: SmtpEndpoint;
  /** How long one call to Google's token endpoint may take in all, in ms. */
  tokenTimeoutMs: number;
};

const GOOGLE_DEFAULTS = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
} as const satisfies Omit<GoogleConfig, 'tokenTimeoutMs'>;

/** Fills in Google's public endpoints where `options` gives none, and checks the given ones. */
export function resolveGoogleConfig(options: GoogleProviderOptions, tokenTimeoutMs: number): GoogleConfig {
  return {
    authUrl: checkUrl('providers.google.authUrl', options.authUrl ?? GOOGLE_DEFAULTS.authUrl),
    tokenUrl: checkUrl('providers.google.tokenUrl', options.tokenUrl ?? GOOGLE_DEFAULTS.tokenUrl),
    revokeUrl: checkUrl('providers.google.revokeUrl', options.revokeUrl ?? GOOGLE_DEFAULTS.revokeUrl),
    smtp: { ...GOOGLE_DEFAULTS.smtp, ...options.smtp },
    tokenTimeoutMs,
  };
}
