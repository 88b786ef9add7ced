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
  sendTo?: string,
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
    // Until the OAuth flow records the signed-in account, the From Email is the mailbox that signs in.
    auth: { method: 'xoauth2', user: settings.fromEmail, accessToken },
    ...sender,
  };
}
