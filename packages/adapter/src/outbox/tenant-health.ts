/**
 * Where the outbox keeps each tenant's last reported health, so that when several instances see the same
 * change (a hold, mail flowing again) only the first reports it: `onHealthChange` and the alert webhook
 * fire once per change across instances. The memory, SQLite and PostgreSQL stores have it.
 */
export interface TenantHealthStore {
  /**
   * Records that the tenant's mail is failing with `code`, or works (`null`), as of `at`; answers `true`
   * only when that changed what was recorded (a tenant never recorded counts as working).
   */
  changeHealth(tenant: string, code: string | null, at: string): Promise<boolean>;
}

/** Whether `store` keeps tenant health. */
export function hasTenantHealth(store: object): store is TenantHealthStore {
  return typeof (store as Partial<TenantHealthStore>).changeHealth === 'function';
}
