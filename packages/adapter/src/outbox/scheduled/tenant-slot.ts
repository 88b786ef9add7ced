import { createHash } from 'node:crypto';

/** How many slots a period is cut into: a slotted task runs once per slot, and checks the tenants of that slot. */
export const SLOTS = 60;

/**
 * The tenant's slot in every period, `0` to `SLOTS - 1`, from a hash of its name: the same in every
 * process and run, so no per-tenant state is kept, and tenants spread evenly over the period.
 *
 * @example
 * slotOf('acme'); // always the same number below 60
 */
export function slotOf(tenant: string): number {
  const digest = createHash('sha256').update(tenant).digest();
  return Math.floor((digest.readUInt32BE(0) / 2 ** 32) * SLOTS);
}

/**
 * The slot a period of `periodMs` is in at `now` (epoch ms): slots are `periodMs / SLOTS` long and
 * counted from the epoch, so every instance agrees on the current one.
 *
 * @example
 * currentSlot(clock().getTime(), 3_600_000); // 0 to 59, one a minute
 */
export function currentSlot(now: number, periodMs: number): number {
  return Math.floor(now / (periodMs / SLOTS)) % SLOTS;
}
