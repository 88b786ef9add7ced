/** A saved settings record as the store keeps it. */
export interface SettingsRecord {
  /** The settings with secret fields already sealed; opaque to the store. */
  settings: Record<string, unknown>;
  /** Starts at 1 and grows by one on every write. */
  version: number;
  /** ISO 8601 time of the write. */
  updatedAt: string;
  /** Who wrote it, as the host's `actor` hook named them. */
  updatedBy: string;
}

/** What a caller asks the store to write; the store assigns the version. */
export interface SettingsWrite {
  /** The settings with secret fields already sealed; opaque to the store. */
  settings: Record<string, unknown>;
  /** ISO 8601 time of the write. */
  updatedAt: string;
  /** Who writes it, as the host's `actor` hook named them. */
  updatedBy: string;
  /** Names of the fields this write changed, for the audit trail; never values. */
  changedFields: readonly string[];
}

/** One line of the audit trail. */
export interface AuditRecord {
  /** The tenant whose settings changed. */
  tenant: string;
  /** The version the write produced. */
  version: number;
  /** ISO 8601 time of the write. */
  at: string;
  /** Who made the change. */
  actor: string;
  /** Names of the fields the write changed; never values. */
  changedFields: string[];
}

/** Options of {@link SettingsStore.audit}. */
export interface AuditOptions {
  /** How many entries to return; defaults to 50 and is clamped to 1..500. */
  limit?: number;
}

/** Where settings live; every method is tenant-scoped. */
export interface SettingsStore {
  /** The current settings of a tenant, or `null` when nothing was saved yet. */
  get(tenant: string): Promise<SettingsRecord | null>;
  /** Writes `record` only if the stored version is still `expectedVersion` (0: nothing stored yet); otherwise rejects with VersionConflictError and changes nothing. Writes the audit entry in the same transaction. */
  put(tenant: string, record: SettingsWrite, expectedVersion: number): Promise<SettingsRecord>;
  /** The latest audit entries of a tenant, newest first. */
  audit(tenant: string, options?: AuditOptions): Promise<AuditRecord[]>;
  /** Releases connections or file handles. */
  close(): Promise<void>;
}

/** Rejects a write whose `expectedVersion` no longer matches, because someone else saved in between. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';

  constructor(
    /** The version stored now; 0 when nothing is stored. */
    readonly currentVersion: number,
  ) {
    super(
      `The settings were changed by someone else in the meantime (they are now at version ${currentVersion}).`,
    );
  }
}

const DEFAULT_AUDIT_LIMIT = 50;
/** The most audit entries one call returns. */
export const MAX_AUDIT_LIMIT = 500;

/** The number of audit entries a store returns for `options`, so every store clamps the same way. */
export function auditLimit(options?: AuditOptions): number {
  const limit = options?.limit;
  if (typeof limit !== 'number' || Number.isNaN(limit)) return DEFAULT_AUDIT_LIMIT;
  return Math.min(MAX_AUDIT_LIMIT, Math.max(1, Math.floor(limit)));
}
