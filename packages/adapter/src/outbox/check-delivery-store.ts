import type { SettingsStore } from '../stores/store.js';
import type { DeliveryStore } from './delivery-store.js';
import { missingDeliveryMethods } from './is-delivery-store.js';

/**
 * Refuses, at startup, a store that does not keep deliveries, naming the methods it lacks: the outbox
 * queues its messages in the same store as the settings.
 */
export function checkDeliveryStore(store: SettingsStore): asserts store is SettingsStore & DeliveryStore {
  const missing = missingDeliveryMethods(store);
  if (missing.length === 0) return;
  throw new TypeError(
    `smtp-settings: the outbox keeps its messages in the configured store, which must implement DeliveryStore; this one lacks ${missing.join(', ')}. ` +
      'memoryStore(), sqliteStore() and postgresStore() do.',
  );
}
