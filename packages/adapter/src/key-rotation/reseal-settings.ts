import type { SecretBox } from '../crypto/secret-box.js';
import { SecretUnreadableError } from '../crypto/secret-box.js';
import { resealedSecrets } from '../settings/record-secrets.js';
import { loadSealedRecord, StoredSettingsInvalidError } from '../settings/sealed-record.js';
import type { SecretResealing, SettingsStore } from '../stores/store.js';
import { type ResealCounts, type ResealOutcome, walkPages } from './reseal-walk.js';

/** Options of {@link resealSettings}. */
export interface ResealSettingsOptions {
  /** The store whose tenants to walk. */
  store: SettingsStore & SecretResealing;
  /** The configured keys, the new primary first: it seals, the older ones open. */
  secrets: SecretBox;
  /** Current time, for the audit entries. */
  clock: () => Date;
  /** Who re-seals, as the audit trail names them. */
  actor: string;
  /** Counts what would be re-sealed, writing nothing. */
  dryRun?: boolean;
  /** Told of each tenant left as it was because its settings cannot be opened, with the reason (which holds no secret). */
  onUnreadable?: (tenant: string, error: SecretUnreadableError | StoredSettingsInvalidError) => void;
  /** Told the counts so far after each page of tenants. */
  onProgress?: (counts: Readonly<ResealCounts>) => void;
  /** Tenants per page; defaults to 100. */
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 100;
// A record written between our read and our write is read again: only a tenant saved in a tight loop runs out.
const ATTEMPTS_PER_TENANT = 10;

/**
 * Seals every tenant's stored secrets that an older key sealed again with the primary key, one tenant at
 * a time, each in one write that keeps the version and only lands while nothing else wrote the record
 * meanwhile (else it reads the record again). Stopping anywhere leaves every record whole, under one key
 * or the other, and running it again skips what is done: a record under the primary key counts as current.
 *
 * @example
 * ```ts
 * const counts = await resealSettings({ store, secrets: createSecretBox([newKey, oldKey]), clock, actor: 'ops' });
 * // { seen: 12, resealed: 11, current: 1, unreadable: 0 }
 * ```
 */
export async function resealSettings(options: ResealSettingsOptions): Promise<ResealCounts> {
  const { store, pageSize = DEFAULT_PAGE_SIZE } = options;
  return walkPages({
    page: (after, limit) => store.listTenants(after, limit),
    cursorOf: (tenant) => tenant,
    visit: (tenant) => resealTenant(options, tenant),
    pageSize,
    onProgress: options.onProgress,
  });
}

async function resealTenant(options: ResealSettingsOptions, tenant: string): Promise<ResealOutcome> {
  const { store, secrets, clock, actor, dryRun = false } = options;
  for (let attempt = 1; attempt <= ATTEMPTS_PER_TENANT; attempt++) {
    let revision: number;
    let sealed: ReturnType<typeof resealedSecrets>;
    try {
      const record = await loadSealedRecord(store, tenant);
      if (record === null) return 'current';
      revision = record.revision;
      sealed = resealedSecrets(record.settings, secrets, tenant);
    } catch (error) {
      if (!(error instanceof SecretUnreadableError || error instanceof StoredSettingsInvalidError))
        throw error;
      options.onUnreadable?.(tenant, error);
      return 'unreadable';
    }
    if (Object.keys(sealed).length === 0) return 'current';
    if (dryRun) return 'resealed';
    const reseal = { sealed, at: clock().toISOString(), actor };
    if ((await store.resealSecrets(tenant, reseal, revision)) !== null) return 'resealed';
  }
  throw new Error(
    `smtp-settings: the settings of tenant "${tenant}" changed ${ATTEMPTS_PER_TENANT} times while they were being re-sealed; run the rotation again`,
  );
}
