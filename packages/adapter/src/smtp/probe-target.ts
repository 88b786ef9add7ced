import type { OAuthProvider, OAuthSettings, Security, SmtpSettings } from '@smtp-settings/schema';
import type { ProbeTarget } from './probe/run-probe.js';

/** What a Test needs of each OAuth provider (a `Provider` is one): its mail server, and access tokens for saved settings. */
export type ProbeProviders = Readonly<
  Record<
    OAuthProvider,
    {
      smtp: { host: string; port: number; security: Security };
      mintAccessToken(settings: OAuthSettings): Promise<{ accessToken: string }>;
    }
  >
>;

/**
 * What the connection test talks to for these settings: the configured server with a password for
 * Basic, or the provider's submission server with XOAUTH2 and a freshly minted access token for OAuth.
 */
export function probeTargetOf(
  settings: SmtpSettings,
  providers: ProbeProviders,
  { sendTo, account }: { sendTo?: string | undefined; account?: string | undefined } = {},
): ProbeTarget {
  const sender = {
    fromEmail: settings.fromEmail,
    ...(settings.fromName !== undefined && { fromName: settings.fromName }),
    ...(sendTo !== undefined && { sendTo }),
  };
  if (settings.authType === 'basic') {
    return {
      host: settings.host,
      port: settings.port,
      security: settings.security,
      ...(settings.allowInvalidCertificate !== undefined && {
        allowInvalidCertificate: settings.allowInvalidCertificate,
      }),
      ...(settings.username !== undefined && {
        auth: { method: 'password', user: settings.username, pass: settings.password ?? '' },
      }),
      ...sender,
    };
  }
  const accessToken = async () => (await providers[settings.provider].mintAccessToken(settings)).accessToken;
  return {
    ...providers[settings.provider].smtp,
    // The signed-in account is the SMTP user; a token pasted by hand has none known, so the From Email is.
    auth: { method: 'xoauth2', user: account ?? settings.fromEmail, accessToken },
    ...sender,
  };
}
