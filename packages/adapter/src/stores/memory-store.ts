import type { ContentResealing, DeliveryStore } from '../outbox/delivery-store.js';
import type { TenantHealthStore } from '../outbox/tenant-health.js';
import type { TenantTurns } from '../outbox/tenant-turns.js';
import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';
import type { SecretExpiryNotes } from '../settings/secret-expiry-notes.js';
import { memoryAccessTokens } from './memory-access-tokens.js';
import { memoryDeliveries } from './memory-deliveries.js';
import { memoryTenantHealth } from './memory-tenant-health.js';
import { memoryTokenLapseMarks } from './memory-token-lapse-marks.js';
import {
  type AccessTokenStore,
  type AuditRecord,
  auditLimit,
  FlowExistsError,
  MAX_AUDIT_LIMIT,
  type OAuthFlowRecord,
  type SecretResealing,
  type SettingsRecord,
  type SettingsStore,
  VersionConflictError,
} from './store.js';

/**
 * Creates a store that keeps settings, audit trail, OAuth flows, the outbox's deliveries and access tokens in process memory, for tests and demos;
 * everything is lost on restart and nothing is shared between processes. Of each tenant's audit trail it
 * keeps the latest 500 entries, as many as `audit()` returns at most.
 *
 * @example
 * ```ts
 * app.route('/api/smtp', createSmtpSettings({ store: memoryStore(), ...options }));
 * ```
 */
export function memoryStore(): SettingsStore &
  SecretResealing &
  DeliveryStore &
  ContentResealing &
  TenantTurns &
  TenantHealthStore &
  TokenLapseMarks &
  SecretExpiryNotes &
  AccessTokenStore {
  // Kept as JSON, like a database row: every read is a fresh copy, and parsing is cheaper than structuredClone.
  const records = new Map<string, { version: number; revision: number; json: string }>();
  const trails = new Map<string, AuditRecord[]>();
  const flows = new Map<string, OAuthFlowRecord>();

  // Only the latest entries can ever be read, and every Test adds one: older ones would only fill memory.
  function append(tenant: string, entry: AuditRecord): void {
    const trail = trails.get(tenant) ?? [];
    trail.push(entry);
    if (trail.length > MAX_AUDIT_LIMIT) trail.shift();
    trails.set(tenant, trail);
  }

  return {
    ...memoryDeliveries(),
    ...memoryTenantHealth(),
    ...memoryTokenLapseMarks(),
    ...memoryAccessTokens(),

    async get(tenant) {
      const record = records.get(tenant);
      return record === undefined ? null : (JSON.parse(record.json) as SettingsRecord);
    },

    async getRevision(tenant) {
      return records.get(tenant)?.revision ?? 0;
    },

    // No `await` before the write: the check and the write happen in one turn, so concurrent puts cannot interleave.
    async put(tenant, write, expectedVersion) {
      const current = records.get(tenant);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== expectedVersion) throw new VersionConflictError(currentVersion);

      const record: SettingsRecord = {
        settings: write.settings,
        version: currentVersion + 1,
        revision: (current?.revision ?? 0) + 1,
        updatedAt: write.updatedAt,
        updatedBy: write.updatedBy,
      };
      const json = JSON.stringify(record);
      records.set(tenant, { version: record.version, revision: record.revision, json });
      append(tenant, {
        tenant,
        action: 'save',
        version: record.version,
        at: write.updatedAt,
        actor: write.updatedBy,
        changedFields: [...write.changedFields],
      });
      return JSON.parse(json) as SettingsRecord;
    },

    // Like put: check and write in one turn, so a save cannot slip in between.
    async rotateSecret(tenant, { field, sealed, connection, at, actor }, version) {
      const current = records.get(tenant);
      if (current === undefined || current.version !== version) return null;
      const record = JSON.parse(current.json) as SettingsRecord;
      record.settings[field] = sealed;
      const stored = record.settings.connection;
      if (connection && typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
        record.settings.connection = { ...stored, ...connection };
      }
      record.revision += 1;
      records.set(tenant, { version, revision: record.revision, json: JSON.stringify(record) });
      append(tenant, { tenant, action: 'rotation', version, at, actor, changedFields: [field] });
      return record.revision;
    },

    // Like rotateSecret: check and write in one turn, so of several callers one writes.
    async noteSecretExpiry(tenant, { field, value }, version) {
      const current = records.get(tenant);
      if (current === undefined || current.version !== version) return false;
      const record = JSON.parse(current.json) as SettingsRecord;
      if (record.settings[field] === value) return false;
      record.settings[field] = value;
      record.revision += 1;
      records.set(tenant, { version, revision: record.revision, json: JSON.stringify(record) });
      return true;
    },

    async listTenants(after, limit) {
      // Code unit order, as `<` compares: the order SQLite's BINARY collation keeps too.
      const names = [...records.keys()].filter((tenant) => after === undefined || tenant > after);
      return names.sort((a, b) => (a < b ? -1 : 1)).slice(0, Math.max(0, limit));
    },

    // Like put: check and write in one turn, so a save or rotation cannot slip in between.
    async resealSecrets(tenant, { sealed, at, actor }, revision) {
      const current = records.get(tenant);
      if (current === undefined || current.revision !== revision) return null;
      const record = JSON.parse(current.json) as SettingsRecord;
      Object.assign(record.settings, sealed);
      record.revision += 1;
      const { version } = current;
      records.set(tenant, { version, revision: record.revision, json: JSON.stringify(record) });
      append(tenant, { tenant, action: 'reseal', version, at, actor, changedFields: Object.keys(sealed) });
      return record.revision;
    },

    async audit(tenant, options) {
      const trail = trails.get(tenant) ?? [];
      return structuredClone(trail.slice(-auditLimit(options)).reverse());
    },

    async recordAudit(tenant, { action, version, at, actor, test: { host, port, outcome } }) {
      append(tenant, {
        tenant,
        action,
        version,
        at,
        actor,
        changedFields: [],
        test: { host, port, outcome },
      });
    },

    async createFlow(flow) {
      if (flows.has(flow.id)) throw new FlowExistsError();
      flows.set(flow.id, structuredClone(flow));
    },

    async getFlow(tenant, id) {
      const flow = flows.get(id);
      return flow === undefined || flow.tenant !== tenant ? null : structuredClone(flow);
    },

    // Like put: check and write in one turn, so a replayed callback cannot slip in between.
    async transitionFlow(tenant, id, from, next) {
      const flow = flows.get(id);
      if (flow === undefined || flow.tenant !== tenant || flow.status !== from) return false;
      flows.set(id, { ...flow, status: next.status, data: structuredClone(next.data) });
      return true;
    },

    // Compared as text, as the SQL stores compare the column, so every store deletes the same flows.
    async deleteExpiredFlows(now) {
      let deleted = 0;
      for (const [id, flow] of flows) {
        if (flow.expiresAt < now) {
          flows.delete(id);
          deleted++;
        }
      }
      return deleted;
    },

    async close() {},
  };
}
