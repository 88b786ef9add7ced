import { createHash } from 'node:crypto';

/** What one notification of a write says: a tenant's revision now, or that any tenant may have changed. */
export type RevisionNotice = { tenant: string; revision: number } | 'every tenant';

/**
 * The `LISTEN` channel of a schema's writes: `smtp_settings_` and 16 hex digits of the SHA-256 of its name,
 * an identifier of 30 bytes for any schema name. The trigger of the store's fourth migration derives the
 * same name in SQL, from the UTF-8 bytes of the schema's name.
 */
export function notificationChannel(schemaName: string): string {
  return `smtp_settings_${createHash('sha256').update(schemaName, 'utf8').digest('hex').slice(0, 16)}`;
}

/** Reads a notification's payload: `<revision>:<tenant>`, or anything else (`*`) for "forget every tenant". */
export function parseNotice(payload: string): RevisionNotice {
  const colon = payload.indexOf(':');
  const revision = payload.slice(0, colon);
  // A tenant id may hold colons itself: only the first one ends the revision.
  return colon > 0 && /^\d+$/.test(revision)
    ? { tenant: payload.slice(colon + 1), revision: Number(revision) }
    : 'every tenant';
}
