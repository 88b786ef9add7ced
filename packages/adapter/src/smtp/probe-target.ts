import type { SmtpSettings } from '@smtp-settings/schema';
import { mintGoogleAccessToken } from '../oauth/google.js';
import { mintMicrosoftAccessToken } from '../oauth/microsoft.js';
import type { ResolvedProviders } from '../oauth/providers.js';
import type { ProbeTarget } from './probe/run-probe.js';

/**
 * What the connection test talks to for these settings: the configured server with a password for
 * Basic, or the provider's submission server with XOAUTH2 and a freshly minted access token for OAuth.
 */
export function probeTargetOf(
  settings: SmtpSettings,
  providers: ResolvedProviders,
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
  const accessToken =
    settings.provider === 'microsoft'
      ? async () => (await mintMicrosoftAccessToken(settings, providers.microsoft)).accessToken
      : async () => (await mintGoogleAccessToken(settings, providers.google)).accessToken;
  return {
    ...providers[settings.provider].smtp,
    // The signed-in account is the SMTP user; a token pasted by hand has none known, so the From Email is.
    auth: { method: 'xoauth2', user: account ?? settings.fromEmail, accessToken },
    ...sender,
  };
}
