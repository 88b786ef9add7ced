import {
  type AuditRecord,
  auditLimit,
  type SettingsRecord,
  type SettingsStore,
  VersionConflictError,
} from './store.js';

/**
 * Creates a store that keeps settings and audit trail in process memory, for tests and demos; everything
 * is lost on restart and nothing is shared between processes.
 *
 * @example
 * ```ts
 * app.route('/api/smtp', createSmtpSettings({ store: memoryStore(), ...options }));
 * ```
 */
export function memoryStore(): SettingsStore {
  const records = new Map<string, SettingsRecord>();
  const trails = new Map<string, AuditRecord[]>();

  return {
    async get(tenant) {
      const record = records.get(tenant);
      return record === undefined ? null : structuredClone(record);
    },

    // No `await` before the write: the check and the write happen in one turn, so concurrent puts cannot interleave.
    async put(tenant, write, expectedVersion) {
      const currentVersion = records.get(tenant)?.version ?? 0;
      if (currentVersion !== expectedVersion) throw new VersionConflictError(currentVersion);

      const record: SettingsRecord = {
        settings: structuredClone(write.settings),
        version: currentVersion + 1,
        updatedAt: write.updatedAt,
        updatedBy: write.updatedBy,
      };
      const entry: AuditRecord = {
        tenant,
        version: record.version,
        at: write.updatedAt,
        actor: write.updatedBy,
        changedFields: [...write.changedFields],
      };
      records.set(tenant, record);
      const trail = trails.get(tenant) ?? [];
      trail.push(entry);
      trails.set(tenant, trail);
      return structuredClone(record);
    },

    async audit(tenant, options) {
      const trail = trails.get(tenant) ?? [];
      return structuredClone(trail.slice(-auditLimit(options)).reverse());
    },

    async close() {},
  };
}
