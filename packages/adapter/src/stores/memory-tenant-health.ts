import type { TenantHealthStore } from '../outbox/tenant-health.js';

/**
 * The tenant health of {@link memoryStore}: the failing tenants' codes, in process memory.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...memoryTenantHealth() };
 * ```
 */
export function memoryTenantHealth(): TenantHealthStore {
  const failing = new Map<string, string>();
  return {
    async changeHealth(tenant, code) {
      if ((failing.get(tenant) ?? null) === code) return false;
      if (code === null) failing.delete(tenant);
      else failing.set(tenant, code);
      return true;
    },
  };
}
