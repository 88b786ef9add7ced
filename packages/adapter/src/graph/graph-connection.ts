import type { OAuthSettings, SignIn } from '@smtp-settings/schema';
import { signInOf } from '@smtp-settings/schema';
import type { GraphEndpoint } from '../providers/provider.js';
import type { AccessToken } from '../smtp/connection.js';

const HTTPS_PORT = 443;

/** Everything needed to send through Microsoft Graph as a mailbox: what the Test checks and the mailer uses. */
export interface GraphConnection {
  /** Where Graph answers and how long one request may take. */
  graph: GraphEndpoint;
  /** The mailbox that sends (the From Email): `/users/{mailbox}/sendMail`. */
  mailbox: string;
  /** The sender of the From header. */
  from: { email: string; name?: string };
  /** How the settings sign in: the token's grant, and the permission kind a denial names. */
  signIn: SignIn;
  /** The app registration's client ID, whose client secret expiry the Test reads. */
  clientId: string;
  /** The directory (tenant) ID, named by the `token` stage. */
  tenantId: string;
  /** The account that signed in for the refresh token, when known (Delegated sign-in). */
  account?: string | undefined;
  /** The first 3 characters of the client secret, which Microsoft shows as its `hint`; no secret. */
  secretHint: string;
  /** Gets a valid access token for Graph; a classified `SmtpFailure` it throws is the send's failure. */
  accessToken: () => Promise<AccessToken>;
}

/**
 * The Graph connection of Microsoft settings whose sending method is `graph`: the provider's Graph
 * endpoint, the From Email as the mailbox, and the token source.
 *
 * @example
 * ```ts
 * const connection = graphConnectionOf(settings, provider.graph, { accessToken: () => mint(settings) });
 * ```
 */
export function graphConnectionOf(
  settings: OAuthSettings,
  graph: GraphEndpoint,
  { accessToken, account }: { accessToken: () => Promise<AccessToken>; account?: string | undefined },
): GraphConnection {
  return {
    graph,
    mailbox: settings.fromEmail,
    from: {
      email: settings.fromEmail,
      ...(settings.fromName !== undefined && { name: settings.fromName }),
    },
    signIn: signInOf(settings),
    clientId: settings.clientId,
    tenantId: settings.provider === 'microsoft' ? settings.tenantId : 'common',
    account,
    // Microsoft lists a secret by its first three characters; the probe matches on exactly these.
    secretHint: settings.clientSecret.slice(0, 3),
    accessToken,
  };
}

/** Where a Graph connection goes, as logs and hints name a server: Graph's host and port (443 unless the origin says). */
export function graphServer(connection: GraphConnection): { host: string; port: number } {
  const origin = new URL(connection.graph.origin);
  return { host: origin.hostname, port: origin.port === '' ? HTTPS_PORT : Number(origin.port) };
}

/** Whether a connection sends through Microsoft Graph rather than SMTP. */
export function isGraphConnection(connection: object): connection is GraphConnection {
  return 'graph' in connection;
}
