import { PROVIDER_PROFILES } from '../../providers/profiles.js';
import { holdsRefreshToken, storedConnection } from '../../settings/oauth-connection.js';
import type { SealedSettings } from '../../settings/sealed-record.js';

/**
 * How long before a refresh token may lapse the host is warned: two weeks leave an admin time to see to an
 * unreachable provider or to sign in again, and cover several runs of the keep-alive (every 3 days by default).
 */
export const LAPSE_WARNING_MS = 14 * 86_400_000;

/** Why a refresh token may stop working: it went `unused` too long, or the provider said it `expires`. */
export type LapseReason = 'unused' | 'expires';

/** A refresh token that may lapse within the warning margin. */
export interface TokenLapse {
  /** Why. */
  reason: LapseReason;
  /** When it may stop working, ISO 8601. */
  lapsesAt: string;
  /** When it was last used successfully, as far as the store knows, ISO 8601. */
  lastUsedAt?: string;
}

/** What {@link tokenLapse} judges. */
export interface LapseFacts {
  /** The tenant's stored settings, secrets sealed: the provider and the connection's dates. */
  settings: SealedSettings;
  /** When the shared access token was last minted, by any instance, if known. */
  mintedAt: string | undefined;
  /** Whether this run used the refresh token at the provider: then it did not go unused. */
  exercised: boolean;
  /** Current time. */
  now: Date;
}

/**
 * The lapse a stored refresh token risks within {@link LAPSE_WARNING_MS}, the nearer when there are two, or
 * `undefined`: going unused past the provider's `idleLapseMs` since its last success (the latest of a mint,
 * a rotation, the sign-in), which only a run that could not use it risks; and the expiry the provider's
 * answer set (`refreshTokenExpiresAt`: Google apps in Testing), which use does not put off.
 *
 * @example
 * tokenLapse({ settings, mintedAt, exercised: false, now: clock() }); // { reason: 'unused', lapsesAt, lastUsedAt }
 */
export function tokenLapse({ settings, mintedAt, exercised, now }: LapseFacts): TokenLapse | undefined {
  if (settings.authType !== 'oauth' || !holdsRefreshToken(settings)) return undefined;
  const connection = storedConnection(settings);
  const risks: TokenLapse[] = [];
  const expiresAt = time(connection?.refreshTokenExpiresAt);
  if (expiresAt !== undefined) risks.push({ reason: 'expires', lapsesAt: new Date(expiresAt).toISOString() });
  const lastUsed = Math.max(
    ...[mintedAt, connection?.lastRefreshedAt, connection?.obtainedAt].map(time).filter(isNumber),
  );
  if (!exercised && Number.isFinite(lastUsed)) {
    risks.push({
      reason: 'unused',
      lapsesAt: new Date(lastUsed + PROVIDER_PROFILES[settings.provider].idleLapseMs).toISOString(),
      lastUsedAt: new Date(lastUsed).toISOString(),
    });
  }
  const nearest = risks.sort((a, b) => Date.parse(a.lapsesAt) - Date.parse(b.lapsesAt))[0];
  return nearest && Date.parse(nearest.lapsesAt) - now.getTime() <= LAPSE_WARNING_MS ? nearest : undefined;
}

function time(iso: string | undefined): number | undefined {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}
