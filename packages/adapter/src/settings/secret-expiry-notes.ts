import type { SecretNoteField } from './secret-expiry.js';

/** One note about the client secret of stored OAuth settings: its field, and the value to set. */
export interface SecretExpiryNote {
  /** `clientSecretReadExpiresAt` (the end date read from the app registration) or `clientSecretLapseWarnedFor`. */
  field: SecretNoteField;
  /** The ISO 8601 date to set. */
  value: string;
}

/**
 * Where the health check keeps what it learned about a tenant's client secret in the stored settings
 * themselves, so `GET /settings` and the mailers see it as they see a rotated refresh token. The memory,
 * SQLite and PostgreSQL stores have it; settings are a JSON document in each, so no migration.
 */
export interface SecretExpiryNotes {
  /**
   * Sets `note.field` of the stored settings to `note.value` without a new version (the revision moves, so
   * caches of the record see it) and without an audit entry, as no credential changed; only while the
   * version is still `version` (a save may have replaced the secret) and the field holds another value.
   * Answers whether it wrote: for one caller of several at once, which makes it a once-only mark too.
   */
  noteSecretExpiry(tenant: string, note: SecretExpiryNote, version: number): Promise<boolean>;
}

/** Whether `store` keeps notes about client secrets. */
export function hasSecretExpiryNotes(store: object): store is SecretExpiryNotes {
  return typeof (store as Partial<SecretExpiryNotes>).noteSecretExpiry === 'function';
}
