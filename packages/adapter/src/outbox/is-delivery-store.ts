import type { DeliveryStore } from './delivery-store.js';

// A Record over the interface's keys: a method added to DeliveryStore fails the type check until listed here.
const DELIVERY_METHODS: Record<keyof DeliveryStore, true> = {
  addDelivery: true,
  claimDeliveries: true,
  finishAttempt: true,
  holdTenant: true,
  releaseTenant: true,
  listHolds: true,
  nextDueAt: true,
  listDeliveries: true,
  getDelivery: true,
  countDeliveries: true,
  resendDelivery: true,
  discardDelivery: true,
  expireDeliveries: true,
  purgeDeliveries: true,
};

/**
 * Whether a store also keeps the delivery log (the memory, SQLite and PostgreSQL stores do): the one check that
 * decides whether the `/deliveries` routes are mounted and whether `mailer.send()` is recorded.
 */
export function isDeliveryStore<T extends object>(store: T): store is T & DeliveryStore {
  return missingDeliveryMethods(store).length === 0;
}

/** The `DeliveryStore` methods a store lacks, by name, for an error that says what to add. */
export function missingDeliveryMethods(store: object): string[] {
  const methods = store as Partial<Record<keyof DeliveryStore, unknown>>;
  return Object.keys(DELIVERY_METHODS).filter(
    (method) => typeof methods[method as keyof DeliveryStore] !== 'function',
  );
}
