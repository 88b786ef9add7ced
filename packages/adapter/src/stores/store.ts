import type { AuditAction, AuditTestDetails, SecretField } from '@smtp-settings/schema';

/** A saved settings record as the store keeps it. */
export interface SettingsRecord {
  /** The settings with secret fields already sealed; opaque to the store but for what {@link SettingsStore.rotateSecret} sets. */
  settings: Record<string, unknown>;
  /** The version an admin edits: starts at 1 and grows by one on every save, never on a rotation. */
  version: number;
  /** Starts at 1 and grows by one on every write, saves and rotations alike: what a cache of the record compares. */
  revision: number;
  /** ISO 8601 time of the last save. */
  updatedAt: string;
  /** Who saved it last, as the host's `actor` hook named them. */
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

/**
 * A secret the provider replaced, as {@link SettingsStore.rotateSecret} writes it: a credential write
 * that keeps the version, so an admin editing that version can still save.
 */
export interface SecretRotation {
  /** The secret field it replaces, e.g. `refreshToken`. */
  field: SecretField;
  /** The new value, already sealed; opaque to the store. */
  sealed: string;
  /** Fields to set in the record's `connection` object, when it has one (e.g. `lastRefreshedAt`); never secrets. */
  connection?: Readonly<Record<string, string>>;
  /** ISO 8601 time of the rotation. */
  at: string;
  /** Who rotated it, for the audit trail. */
  actor: string;
}

/**
 * A record's secrets sealed anew with the primary key, as {@link SecretResealing.resealSecrets} writes
 * them after a key rotation: the same plaintext, so neither the version nor anything an admin sees changes.
 */
export interface SecretReseal {
  /** Each re-sealed field with its new sealed value; opaque to the store. */
  sealed: Readonly<Partial<Record<SecretField, string>>>;
  /** ISO 8601 time of the re-sealing. */
  at: string;
  /** Who re-sealed them, for the audit trail. */
  actor: string;
}

/**
 * What a key rotation needs of a store besides {@link SettingsStore}: a walk over every tenant, and a
 * write that re-seals a record's secrets only while nothing else wrote it. The built-in stores have it.
 */
export interface SecretResealing {
  /**
   * Up to `limit` tenants with saved settings, in the store's own order of their names, starting after
   * `after` (a name an earlier page returned; `undefined` for the first page): pages that a walk can
   * continue from wherever it stopped.
   */
  listTenants(after: string | undefined, limit: number): Promise<string[]>;
  /**
   * Replaces sealed secrets of the stored settings, keeping the version, only if the record is still at
   * `revision` (so a secret saved or rotated meanwhile is never overwritten with an older one), and writes
   * a `reseal` audit entry naming the fields in the same transaction. Answers the revision it produced, or
   * `null` when the revision moved on or nothing is stored, having changed nothing.
   */
  resealSecrets(tenant: string, reseal: SecretReseal, revision: number): Promise<number | null>;
}

/** A tenant's OAuth access token as {@link AccessTokenStore} shares it between processes. */
export interface SharedAccessToken {
  /** The settings version whose refresh token minted it: a save makes it stale. */
  version: number;
  /** The token, sealed for the tenant and version; opaque to the store. */
  sealed: string;
  /** ISO 8601 time in UTC when the provider says it stops working. */
  expiresAt: string;
  /** ISO 8601 time when it was minted: the refresh token's last proven use. Absent on rows from before it was kept. */
  mintedAt?: string;
}

/**
 * What lets every instance share one OAuth access token per tenant, so the provider is asked once per
 * token lifetime however many processes send: the token (sealed), and a lease that lets one process at a
 * time refresh it. Optional; the built-in stores have it.
 */
export interface AccessTokenStore {
  /** The tenant's shared access token, or `null` when none was stored. */
  getAccessToken(tenant: string): Promise<SharedAccessToken | null>;
  /**
   * Takes the tenant's refresh lease for `owner` until `until`, only if no one holds it or its holder's
   * lease ended before `now` (ISO 8601 in UTC, compared as text): one atomic write, so of processes
   * claiming together exactly one wins. Answers whether `owner` holds it now.
   */
  claimTokenRefresh(tenant: string, owner: string, now: string, until: string): Promise<boolean>;
  /**
   * Stores the token a refresh minted, unless a token of a newer version is stored, and ends the refresh
   * lease, whoever holds it: the others find the token now instead of refreshing.
   */
  putAccessToken(tenant: string, token: SharedAccessToken): Promise<void>;
  /** Ends `owner`'s refresh lease without a token (its refresh failed), so another process may try at once. */
  releaseTokenRefresh(tenant: string, owner: string): Promise<void>;
}

// A Record over the interface's keys: a method added to AccessTokenStore fails the type check until listed here.
const ACCESS_TOKEN_METHODS: Record<keyof AccessTokenStore, true> = {
  getAccessToken: true,
  claimTokenRefresh: true,
  putAccessToken: true,
  releaseTokenRefresh: true,
};

/** Whether a store also shares access tokens between processes (every built-in store does). */
export function isAccessTokenStore<T extends object>(store: T): store is T & AccessTokenStore {
  const methods = store as Partial<Record<keyof AccessTokenStore, unknown>>;
  return Object.keys(ACCESS_TOKEN_METHODS).every(
    (method) => typeof methods[method as keyof AccessTokenStore] === 'function',
  );
}

/** One line of the audit trail: a write of the settings, or a connection test. */
export interface AuditRecord {
  /** The tenant it concerns. */
  tenant: string;
  /** What happened; entries written before tests were recorded read as `save`. */
  action: AuditAction;
  /** The version a save produced or a rotation or re-sealing changed; for a test, the version saved when it ran (0 before the first save). */
  version: number;
  /** ISO 8601 time of the write or test. */
  at: string;
  /** Who made the change or ran the test. */
  actor: string;
  /** Names of the fields a save, rotation or re-sealing changed, never values; empty for a test. */
  changedFields: string[];
  /** Only for a test: where it connected and how it ended. */
  test?: AuditTestDetails;
}

/** A connection test as {@link SettingsStore.recordAudit} appends it to the audit trail. */
export interface AuditTestWrite {
  /** Marks the entry as a test. */
  action: 'test';
  /** The version saved when the test ran, 0 before the first save. */
  version: number;
  /** ISO 8601 time of the test. */
  at: string;
  /** Who ran it, as the host's `actor` hook named them. */
  actor: string;
  /** Where it connected and how it ended; never a secret or the server's reply. */
  test: AuditTestDetails;
}

/** Options of {@link SettingsStore.audit}. */
export interface AuditOptions {
  /** How many entries to return; defaults to 50 and is clamped to 1..500. */
  limit?: number;
}

/** Where an OAuth authorization stands. */
export type OAuthFlowStatus = 'started' | 'completed' | 'failed' | 'consumed';

/** An OAuth authorization in progress or finished, as the store keeps it. */
export interface OAuthFlowRecord {
  /** Random, unguessable id (the widget's handle on the flow). */
  id: string;
  /** The tenant that started it; every lookup is tenant-scoped. */
  tenant: string;
  /** Where the authorization stands. */
  status: OAuthFlowStatus;
  /** Opaque JSON the OAuth code reads and writes (secrets inside are already sealed); the store never interprets it. */
  data: Record<string, unknown>;
  /** ISO 8601 in UTC, as `Date#toISOString()` writes it. */
  createdAt: string;
  /** ISO 8601 in UTC, as `Date#toISOString()` writes it; the OAuth code refuses expired flows, the store only deletes them on request. */
  expiresAt: string;
}

/** The state a flow moves to in {@link SettingsStore.transitionFlow}. */
export interface OAuthFlowTransition {
  /** The status the flow moves to. */
  status: OAuthFlowStatus;
  /** Replaces the flow's data as a whole. */
  data: Record<string, unknown>;
}

/** Where settings and OAuth flows live; every lookup is tenant-scoped. */
export interface SettingsStore {
  /** The current settings of a tenant, or `null` when nothing was saved yet. */
  get(tenant: string): Promise<SettingsRecord | null>;
  /** The revision of a tenant's current settings, 0 when nothing was saved yet: a cheap read that tells whether anything built from a record (a rotation included) is still current. */
  getRevision(tenant: string): Promise<number>;
  /** Writes `record` only if the stored version is still `expectedVersion` (0: nothing stored yet); otherwise rejects with VersionConflictError and changes nothing. Writes a `save` audit entry in the same transaction. */
  put(tenant: string, record: SettingsWrite, expectedVersion: number): Promise<SettingsRecord>;
  /**
   * Replaces one sealed secret of the stored settings (and sets `rotation.connection` in their `connection`
   * object, when they have one) without a new version, only if the stored version is still `version`, and
   * writes a `rotation` audit entry in the same transaction. Answers the revision it produced, or `null` when
   * the version moved on or nothing is stored, having changed nothing.
   */
  rotateSecret(tenant: string, rotation: SecretRotation, version: number): Promise<number | null>;
  /** The latest audit entries of a tenant, newest first. */
  audit(tenant: string, options?: AuditOptions): Promise<AuditRecord[]>;
  /** Appends an entry that is no write of the settings (a connection test) to a tenant's audit trail, after every entry before it. */
  recordAudit(tenant: string, entry: AuditTestWrite): Promise<void>;
  /** Records a new flow; rejects with FlowExistsError if the id exists (for any tenant) and changes nothing. */
  createFlow(flow: OAuthFlowRecord): Promise<void>;
  /** The flow with this id of this tenant, or `null` (also for another tenant's flow). */
  getFlow(tenant: string, id: string): Promise<OAuthFlowRecord | null>;
  /** Moves a flow from status `from` to `next.status` with `next.data`, only if it is still in `from`: one conditional write, so a replayed callback or a second consumer loses. Answers whether it moved. */
  transitionFlow(
    tenant: string,
    id: string,
    from: OAuthFlowStatus,
    next: OAuthFlowTransition,
  ): Promise<boolean>;
  /** Deletes the flows of all tenants whose `expiresAt` is before `now` (ISO 8601 in UTC, compared as text); answers how many. */
  deleteExpiredFlows(now: string): Promise<number>;
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

/** Rejects a flow whose id is taken already, so every store reports the collision the same way. */
export class FlowExistsError extends Error {
  override readonly name = 'FlowExistsError';

  // The id stays out of the message: it is the widget's handle on the flow and must not reach logs.
  constructor() {
    super('An OAuth flow with this id exists already.');
  }
}

/**
 * Rejects an operation that could not get the database's lock within the store's budget because another
 * connection (often another process) held it; nothing was written, and the same call may succeed later.
 */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';

  constructor(
    /** What the store was doing, e.g. `save the settings`. */
    readonly operation: string,
    /** How long the store kept trying, in milliseconds. */
    readonly waitedMs: number,
  ) {
    super(
      `smtp-settings: the database was locked by another connection for ${waitedMs} ms, so the store could not ${operation}; try again shortly.`,
    );
  }
}

/**
 * Why a database could not write: it (or the disk under it) is full, the file could not be written, or a
 * write was committed but syncing it to disk failed.
 */
export type StoreWriteFailure = 'full' | 'io' | 'sync';

/**
 * Rejects an operation the database could not write because the disk or the database's size limit is
 * full (`SQLITE_FULL`), or reading or writing the file failed (`SQLITE_IOERR`); the operation's
 * transaction was rolled back whole, so nothing of it was written. With `sync`, the write was committed
 * but could not be synced to disk: it may be kept or lost, so an enqueue is to be made again with the
 * same idempotency key. Unlike {@link StoreBusyError}, trying again helps only once an operator has made
 * room or fixed the disk.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';

  constructor(
    /** What the store was doing, e.g. `add a delivery`. */
    readonly operation: string,
    /** Whether the database was full or its file could not be read or written. */
    readonly failure: StoreWriteFailure,
    options?: ErrorOptions,
  ) {
    super(
      failure === 'full'
        ? `smtp-settings: the database or the disk it is on is full, so the store could not ${operation}; nothing was written.`
        : failure === 'io'
          ? `smtp-settings: the database file could not be read or written, so the store could not ${operation}; nothing was written.`
          : `smtp-settings: the database file could not be synced to disk, so the store could not make sure to ${operation}; it may or may not be kept.`,
      options,
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
