/**
 * Where the outbox notes which lapse of a tenant's OAuth refresh token it warned of, so that when several
 * instances see the same risk only the first sends the `oauth.token-lapsing` alert. The memory, SQLite and
 * PostgreSQL stores have it.
 */
export interface TokenLapseMarks {
  /**
   * Records that the tenant was warned its refresh token may lapse at `lapsesAt` (ISO 8601); answers `true`
   * only when that was not recorded already, for one caller of several at once.
   */
  markTokenLapse(tenant: string, lapsesAt: string): Promise<boolean>;
}

/** Whether `store` keeps token lapse marks. */
export function hasTokenLapseMarks(store: object): store is TokenLapseMarks {
  return typeof (store as Partial<TokenLapseMarks>).markTokenLapse === 'function';
}
