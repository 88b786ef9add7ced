import { type OAuthProvider, type ServerNotice, signInOf, type TokenHealth } from '@smtp-settings/schema';
import { notice } from '../failures/server-text.js';
import { PROVIDER_PROFILES } from '../providers/profiles.js';
import type { ResolvedDraft } from './resolve-draft.js';
import type { OAuthConnection, SealedSettings } from './sealed-record.js';
import { SECRET_NOTICE_MS, secretExpiryOf } from './secret-expiry.js';

/**
 * The connection to store with a save: a new flow's grant, the stored one while the refresh token is
 * kept, a bare "obtained now" for a token pasted by hand, and none without a refresh token.
 */
export function connectionFor(
  { plain, kept, replaced }: ResolvedDraft,
  stored: SealedSettings | undefined,
  grant: OAuthConnection | undefined,
  now: Date,
): OAuthConnection | undefined {
  if (plain.authType !== 'oauth' || plain.refreshToken === undefined) return undefined;
  if (grant) return grant;
  if (kept.has('refreshToken')) return storedConnection(stored);
  if (replaced.has('refreshToken')) return { scopes: [], obtainedAt: now.toISOString() };
  return undefined;
}

/**
 * Whether stored settings sign in with a refresh token they hold: what keep-alive and lapse warnings look
 * after. Application sign-in has none to keep alive (its client credentials mint each token), even if a
 * record carries an old one.
 */
export function holdsRefreshToken(settings: SealedSettings): boolean {
  return (
    settings.authType === 'oauth' && signInOf(settings) === 'delegated' && settings.refreshToken !== undefined
  );
}

/** The connection stored OAuth settings carry, if any. */
export function storedConnection(stored: SealedSettings | undefined): OAuthConnection | undefined {
  return stored?.authType === 'oauth' ? stored.connection : undefined;
}

const DAY_MS = 24 * 60 * 60_000;
const TOKEN_NOTICE_MS = 7 * DAY_MS;

/**
 * The token health `GET /settings` reports for stored OAuth settings, with warnings an admin can act
 * on before mail stops; for Application sign-in only the client secret's, as it has no refresh token.
 * Built from non-secret fields only: nothing is decrypted.
 */
export function tokenHealthOf(settings: SealedSettings, now: Date): TokenHealth | null {
  if (settings.authType !== 'oauth') return null;
  if (signInOf(settings) === 'application') {
    const secretWarning = clientSecretWarning(settings, now);
    return { scopes: [], warnings: secretWarning ? [secretWarning] : [] };
  }
  if (settings.refreshToken === undefined) return null;
  const connection: Partial<OAuthConnection> = settings.connection ?? {};
  const warnings: ServerNotice[] = [];
  const { account } = connection;
  const sendAs = sendAsWarning(settings.provider, account, settings.fromEmail);
  if (sendAs) warnings.push(sendAs);
  const tokenExpiry = expiryOf(connection.refreshTokenExpiresAt, now, TOKEN_NOTICE_MS);
  if (tokenExpiry) {
    const { date, past } = tokenExpiry;
    warnings.push(notice(past ? 'warning.refreshTokenExpired' : 'warning.refreshTokenExpires', { date }));
  }
  const secretWarning = clientSecretWarning(settings, now);
  if (secretWarning) warnings.push(secretWarning);
  return {
    ...(account !== undefined && { account }),
    scopes: connection.scopes ?? [],
    ...(connection.obtainedAt !== undefined && { obtainedAt: connection.obtainedAt }),
    ...(connection.lastRefreshedAt !== undefined && { lastRefreshedAt: connection.lastRefreshedAt }),
    ...(connection.refreshTokenExpiresAt !== undefined && {
      refreshTokenExpiresAt: connection.refreshTokenExpiresAt,
    }),
    warnings,
  };
}

/**
 * The warning for a client secret that expires within the notice period or has expired, by the nearer of
 * its entered and read end dates, in words that say which one it is.
 */
function clientSecretWarning(settings: SealedSettings, now: Date): ServerNotice | undefined {
  const secret = secretExpiryOf(settings);
  const expiry = expiryOf(secret?.expiresAt, now, SECRET_NOTICE_MS);
  if (!secret || !expiry) return undefined;
  const { date, past } = expiry;
  if (secret.source === 'read') {
    return notice(past ? 'warning.clientSecretExpiredRead' : 'warning.clientSecretExpiresRead', { date });
  }
  return notice(past ? 'warning.clientSecretExpired' : 'warning.clientSecretExpires', { date });
}

/**
 * The warning for a token whose account is not the From Email, so sending needs that mailbox's Send As
 * right, in the provider's words; `undefined` when the account is unknown (a token pasted by hand) or is
 * the From Email, in any case, or when the provider is unknown.
 */
export function sendAsWarning(
  provider: OAuthProvider | undefined,
  account: string | undefined,
  fromEmail: string,
): ServerNotice | undefined {
  if (!account || account.toLowerCase() === fromEmail.toLowerCase() || provider === undefined)
    return undefined;
  return PROVIDER_PROFILES[provider].sendAsWarning(account, fromEmail);
}

/**
 * The next instant (ms since the epoch) after `now` at which {@link tokenHealthOf} answers differently
 * for the same record — a notice period starting or a date passing — or `Infinity` when its answer does
 * not depend on time. Lets `GET /settings` reuse its answer until then.
 */
export function tokenHealthChangesAt(settings: SealedSettings, now: Date): number {
  if (settings.authType !== 'oauth') return Number.POSITIVE_INFINITY;
  const application = signInOf(settings) === 'application';
  if (!application && settings.refreshToken === undefined) return Number.POSITIVE_INFINITY;
  const instants = [
    ...(application ? [] : expiryInstants(settings.connection?.refreshTokenExpiresAt, TOKEN_NOTICE_MS)),
    ...expiryInstants(settings.clientSecretExpiresAt, SECRET_NOTICE_MS),
    ...expiryInstants(settings.clientSecretReadExpiresAt, SECRET_NOTICE_MS),
  ];
  return Math.min(Number.POSITIVE_INFINITY, ...instants.filter((at) => at > now.getTime()));
}

// Where expiryOf's answer changes: when the notice period starts, and when the date passes.
function expiryInstants(date: string | undefined, noticeMs: number): number[] {
  if (date === undefined) return [];
  const at = Date.parse(date);
  return Number.isNaN(at) ? [] : [at - noticeMs, at];
}

function expiryOf(
  date: string | undefined,
  now: Date,
  noticeMs: number,
): { date: string; past: boolean } | undefined {
  if (date === undefined) return undefined;
  const at = Date.parse(date);
  if (Number.isNaN(at) || at - now.getTime() > noticeMs) return undefined;
  return { date: new Date(at).toISOString().slice(0, 10), past: at <= now.getTime() };
}
