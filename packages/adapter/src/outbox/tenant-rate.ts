/** How many messages a tenant's mail server takes in a window, e.g. Microsoft 365's `{ messages: 30, perMs: 60_000 }`. */
export interface TenantRate {
  /** At most this many attempts start… */
  messages: number;
  /** …in any window of this many milliseconds. */
  perMs: number;
}

/** The host's per-tenant rate: `undefined` for a tenant without a limit. */
export type TenantRateOption = (tenant: string) => TenantRate | undefined;

/** The attempts each rate-limited tenant started recently, as a sliding window per tenant. */
export interface TenantRates {
  /**
   * When the tenant may start its next attempt, in epoch ms, with `pending` of its attempts about to start
   * before it; `undefined` when it may now.
   */
  nextFreeAt(tenant: string, now: number, pending?: number): number | undefined;
  /** Records an attempt the tenant starts now. */
  take(tenant: string, now: number): void;
  /** The tenants at their limit now, which claims skip. */
  limited(now: number): string[];
  /** The soonest time a limited tenant may send again, in epoch ms. */
  nextRelease(now: number): number | undefined;
  /** The start times of the tenant's attempts in its window, oldest first, in epoch ms: what the next turn of the tenant needs. */
  starts(tenant: string, now: number): number[];
  /** Takes over start times that another process recorded (a tenant's previous turn), replacing this process's. */
  load(tenant: string, times: readonly number[]): void;
}

/**
 * Keeps per-tenant rates by scheduling: a tenant at its limit is not claimed, and a message claimed over
 * it goes back to wait for the next free slot; nothing fails for it. Only tenants that sent within their
 * window take memory. The window is this process's; on a queue engine a tenant's turn hands it to the next
 * (`starts` and `load`), so it holds across instances.
 *
 * @example
 * const rates = createTenantRates((tenant) => (tenant.endsWith('.onmicrosoft.com') ? { messages: 30, perMs: 60_000 } : undefined));
 */
export function createTenantRates(
  rate: TenantRateOption | undefined,
  warn: (message: string) => void,
): TenantRates {
  /** Start times of each tenant's attempts in its current window, oldest first. */
  const starts = new Map<string, number[]>();
  let warned = false;

  function rateOf(tenant: string): TenantRate | undefined {
    const given = rate?.(tenant);
    if (given === undefined) return undefined;
    if (
      Number.isInteger(given?.messages) &&
      given.messages > 0 &&
      Number.isFinite(given.perMs) &&
      given.perMs > 0
    ) {
      return given;
    }
    if (!warned) {
      warned = true;
      warn(
        'smtp-settings: the outbox `rate` gave a rate that is not { messages: whole number > 0, perMs > 0 }; sending without a limit',
      );
    }
    return undefined;
  }

  /** The tenant's starts still inside its window, pruning the rest (and the tenant, when none is left). */
  function recent(tenant: string, now: number, limit: TenantRate | undefined): number[] {
    const list = starts.get(tenant);
    if (!list) return [];
    if (!limit) {
      starts.delete(tenant);
      return [];
    }
    while (list.length > 0 && (list[0] as number) <= now - limit.perMs) list.shift();
    if (list.length === 0) starts.delete(tenant);
    return list;
  }

  function nextFreeAt(tenant: string, now: number, pending = 0): number | undefined {
    const limit = rateOf(tenant);
    const list = recent(tenant, now, limit);
    const used = list.length + pending;
    if (!limit || used < limit.messages) return undefined;
    // The start that must leave the window first; pending ones have not started, so they leave a window from now.
    const leaving = list[used - limit.messages];
    return (leaving ?? now) + limit.perMs;
  }

  return {
    nextFreeAt,

    take(tenant, now) {
      const limit = rateOf(tenant);
      if (!limit) return;
      const list = recent(tenant, now, limit);
      list.push(now);
      // Only the last `messages` starts decide when the next may go.
      if (list.length > limit.messages) list.splice(0, list.length - limit.messages);
      starts.set(tenant, list);
    },

    limited(now) {
      return [...starts.keys()].filter((tenant) => nextFreeAt(tenant, now) !== undefined);
    },

    starts: (tenant, now) => [...recent(tenant, now, rateOf(tenant))],

    load(tenant, times) {
      if (times.length > 0)
        starts.set(
          tenant,
          [...times].sort((a, b) => a - b),
        );
      else starts.delete(tenant);
    },

    nextRelease(now) {
      let soonest: number | undefined;
      for (const tenant of [...starts.keys()]) {
        const at = nextFreeAt(tenant, now);
        if (at !== undefined && (soonest === undefined || at < soonest)) soonest = at;
      }
      return soonest;
    },
  };
}
