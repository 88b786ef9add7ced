import type { ConnectionOptions } from 'node:tls';
import { type SmtpSettings, sendingMethodOf } from '@smtp-settings/schema';
import { type GraphConnection, graphConnectionOf } from '../graph/graph-connection.js';
import type { Providers } from '../providers/provider.js';
import { type AccessToken, connectionOf, type SmtpConnection } from '../smtp/connection.js';

/** What {@link settingsConnection} needs besides the settings. */
export interface SettingsConnectionContext {
  /** Every provider, bound to its endpoints: an OAuth connection goes to its submission server. */
  providers: Providers;
  /** TLS options for every connection, above all the shared `secureContext` of the configuration. */
  tls?: ConnectionOptions | undefined;
  /** The account that signed in for the refresh token, the XOAUTH2 user (over SMTP). */
  account?: string | undefined;
  /** Where access tokens come from, e.g. the mailer's cache; defaults to minting one from the provider each time. */
  accessToken?: (() => Promise<AccessToken>) | undefined;
}

/** How settings send: over SMTP, or through Microsoft Graph (see `isGraphConnection`). */
export type SettingsConnection = SmtpConnection | GraphConnection;

/**
 * The connection settings use, the one way the Test and the mailer both get it: `connectionOf` with,
 * for OAuth, the provider's submission server and its access tokens, or for Microsoft settings whose
 * sending method is `graph` the provider's Graph endpoint, so neither maps settings itself.
 *
 * @example
 * ```ts
 * const connection = settingsConnection(settings, { providers, tls: { secureContext: tlsTrust }, account });
 * if (!isGraphConnection(connection)) await runProbe(probeTargetOf(connection, { sendTo }));
 * ```
 */
export function settingsConnection(
  settings: SmtpSettings,
  context: SettingsConnectionContext,
): SettingsConnection {
  const { tls } = context;
  if (settings.authType === 'basic') return connectionOf(settings, tls ? { tls } : {});
  const provider = context.providers[settings.provider];
  const accessToken = context.accessToken ?? (() => provider.mintAccessToken(settings));
  if (sendingMethodOf(settings) === 'graph') {
    if (!provider.graph) throw new TypeError(`The ${provider.label} provider cannot send through Graph`);
    return graphConnectionOf(settings, provider.graph, { accessToken, account: context.account });
  }
  return connectionOf(settings, {
    ...(tls && { tls }),
    oauth: { endpoint: provider.smtp, account: context.account, accessToken },
  });
}
