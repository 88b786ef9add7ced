/** What a tenant's turns carry from one to the next, whichever instance serves them. */
export interface TurnState {
  /** When the tenant's latest attempts started, oldest first, as ISO 8601: what its rate counts. */
  recent: string[];
}

/** A tenant with mail waiting, and when its next message is due (or a lease on one runs out). */
export interface WaitingTenant {
  tenant: string;
  dueAt: string;
}

/**
 * What an outbox on a queue engine needs of the store besides the delivery log: a lease on each tenant's
 * turn, so two instances never serve one tenant at once (its `perTenant` and rate then hold across
 * instances), and which tenants have mail waiting, so a turn the engine lost is asked for again. The
 * memory, SQLite and PostgreSQL stores have it.
 */
export interface TenantTurns {
  /**
   * Takes the tenant's turn for `owner` until `until`, unless another owner's has not run out by `now`
   * (taking it again extends it); answers the state the last turn left, or `null` when another owner serves
   * the tenant.
   */
  takeTurn(request: { tenant: string; owner: string; until: string; now: string }): Promise<TurnState | null>;
  /** Ends `owner`'s turn of the tenant, keeping `state` for the next; nothing when the turn passed to another owner. */
  endTurn(tenant: string, owner: string, state: TurnState): Promise<void>;
  /**
   * Tenants with messages `queued`, `retrying` or `sending`, each with its soonest due time (a lease's end
   * for `sending`), soonest first, at most `limit`; only `tenant` when given. Held tenants are included.
   */
  waitingTenants(query: { tenant?: string; limit: number }): Promise<WaitingTenant[]>;
}

/** Whether `store` keeps tenant turns. */
export function hasTenantTurns(store: object): store is TenantTurns {
  const candidate = store as Partial<TenantTurns>;
  return (
    typeof candidate.takeTurn === 'function' &&
    typeof candidate.endTurn === 'function' &&
    typeof candidate.waitingTenants === 'function'
  );
}
