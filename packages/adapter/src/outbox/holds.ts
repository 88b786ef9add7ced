import type { DeliveryFailure } from '@smtp-settings/schema';
import type { SettingsStore } from '../stores/store.js';
import type { DeliveryStore, TenantHold } from './delivery-store.js';
import { hasTenantHealth } from './tenant-health.js';

/** How a tenant's outgoing mail is doing, as `onHealthChange` reports it. */
export interface OutboxHealth {
  /** The tenant. */
  tenant: string;
  /** `false` while its mail is held or keeps failing; `true` once a message went out again. */
  ok: boolean;
  /**
   * While `ok` is `false`: `true` when its mail waits for a save (the settings are broken), `false` when
   * its attempts keep failing and are retried (its server cannot be reached, say).
   */
  held?: boolean;
  /** When this was established, as ISO 8601. */
  checkedAt: string;
  /** Why its mail is held: the failure of the attempt that found the settings broken, or `NOT_CONFIGURED`. */
  error?: DeliveryFailure;
}

/** Options of {@link createHolds}. */
export interface HoldsOptions {
  /** Where holds and settings revisions are kept. */
  store: DeliveryStore & SettingsStore;
  /** Current time. */
  clock: () => Date;
  /** Told when a tenant's mail goes on hold, when the reason changes, and once when mail flows again. */
  onHealthChange?: ((health: OutboxHealth) => void) | undefined;
  /** Told when `onHealthChange` threw. */
  onCallbackError: (error: unknown) => void;
}

/** The tenants whose mail waits for an admin's save, as this process knows them. */
export interface Holds {
  /** The held tenants as of the last `refresh`, or set by this process since. */
  tenants(): string[];
  /** Whether the tenant is held. */
  has(tenant: string): boolean;
  /**
   * Reads every hold (other processes set some too) and ends each whose tenant's settings moved past the
   * revision that failed: an admin saved, so its messages are due at once. Answers the tenants it released.
   */
  refresh(): Promise<string[]>;
  /** Holds a tenant whose settings at `revision` failed with `failure`, unless it already is for the same reason. */
  hold(tenant: string, failure: DeliveryFailure, revision: number): Promise<void>;
  /** Says a message of the tenant keeps failing with a failure that is retried: reported once, like a hold. */
  failing(tenant: string, failure: DeliveryFailure): void;
  /** Says a message of the tenant went out: its health is good again, if it was not. */
  delivered(tenant: string): void;
}

/**
 * Keeps the holds: stored (so every process skips a held tenant, and the log shows `held`), cached here
 * for each claim, and ended by a save, which moves the settings revision past the hold's. Like the
 * mailer's `onHealthChange`, the host hears of a change only: a hold once, not per message; only failing
 * tenants take memory for it.
 *
 * @example
 * const holds = createHolds({ store, clock, onHealthChange, onCallbackError });
 * await holds.refresh(); // ends holds whose tenant saved new settings
 */
export function createHolds({ store, clock, onHealthChange, onCallbackError }: HoldsOptions): Holds {
  const health = hasTenantHealth(store) ? store : undefined;
  let held = new Map<string, TenantHold>();
  /** The code each failing tenant was last reported with; a tenant that is not here is presumed healthy. */
  const failing = new Map<string, DeliveryFailure['code']>();

  /**
   * Tells the host when a tenant's health changed: it failed, failed differently, or works again. With a
   * store that keeps tenant health, only the instance whose record changed it tells.
   */
  function report(tenant: string, error?: DeliveryFailure, held = true): void {
    if (error ? failing.get(tenant) === error.code : !failing.has(tenant)) return;
    if (error) failing.set(tenant, error.code);
    else failing.delete(tenant);
    const checkedAt = clock().toISOString();
    const tell = () => {
      try {
        onHealthChange?.({ tenant, ok: !error, checkedAt, ...(error && { held, error }) });
      } catch (callbackError) {
        onCallbackError(callbackError);
      }
    };
    if (!health) {
      tell();
      return;
    }
    // When the record cannot be written, tell anyway: an alert twice beats none.
    health.changeHealth(tenant, error?.code ?? null, checkedAt).then(
      (changed) => changed && tell(),
      () => tell(),
    );
  }

  return {
    tenants: () => [...held.keys()],
    has: (tenant) => held.has(tenant),

    async refresh() {
      const holds = await store.listHolds();
      const next = new Map<string, TenantHold>();
      const released: string[] = [];
      for (const hold of holds) {
        // Held by another instance maybe: this one tells of its mail flowing again, if it is the first to see it.
        if (!failing.has(hold.tenant)) failing.set(hold.tenant, hold.failure.code);
        if ((await store.getRevision(hold.tenant)) > hold.revision) {
          await store.releaseTenant(hold.tenant, clock().toISOString());
          released.push(hold.tenant);
        } else {
          next.set(hold.tenant, hold);
        }
      }
      held = next;
      return released;
    },

    async hold(tenant, failure, revision) {
      const current = held.get(tenant);
      if (current?.revision === revision && current.failure.code === failure.code) return;
      const hold: TenantHold = { tenant, failure, since: clock().toISOString(), revision };
      await store.holdTenant(hold);
      held.set(tenant, hold);
      report(tenant, failure);
    },

    failing(tenant, failure) {
      report(tenant, failure, false);
    },

    delivered(tenant) {
      report(tenant);
    },
  };
}
