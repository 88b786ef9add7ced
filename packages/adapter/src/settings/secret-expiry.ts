import type { SealedSettings } from './sealed-record.js';

/** How long before the client secret expires the admin (token health) and the host (an alert) are warned. */
export const SECRET_NOTICE_MS = 30 * 86_400_000;

/** Where a client secret's end date came from: the admin `entered` it, or the app registration was `read`. */
export type SecretExpirySource = 'entered' | 'read';

/** When the client secret in use stops working, and who says so. */
export interface SecretExpiry {
  /** The end date, ISO 8601. */
  expiresAt: string;
  /** Where it came from. */
  source: SecretExpirySource;
}

/**
 * The nearer of the client secret's entered end date (`clientSecretExpiresAt`) and the one the health
 * check read from the app registration (`clientSecretReadExpiresAt`), or `undefined` when neither is known;
 * the entered one when both are the same instant. Unparsable dates are skipped.
 *
 * @example
 * secretExpiryOf(record.settings); // { expiresAt: '2027-01-01T00:00:00.000Z', source: 'read' }
 */
export function secretExpiryOf(settings: SealedSettings): SecretExpiry | undefined {
  if (settings.authType !== 'oauth') return undefined;
  const known: SecretExpiry[] = [];
  const entered = instant(settings.clientSecretExpiresAt);
  if (entered !== undefined) known.push({ expiresAt: new Date(entered).toISOString(), source: 'entered' });
  const read = instant(settings.clientSecretReadExpiresAt);
  if (read !== undefined) known.push({ expiresAt: new Date(read).toISOString(), source: 'read' });
  return known.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))[0];
}

/** The client secret's end date when it falls within {@link SECRET_NOTICE_MS} of `now` (or has passed). */
export function lapsingSecret(settings: SealedSettings, now: Date): SecretExpiry | undefined {
  const expiry = secretExpiryOf(settings);
  return expiry && Date.parse(expiry.expiresAt) - now.getTime() <= SECRET_NOTICE_MS ? expiry : undefined;
}

/**
 * The notes about the client secret's end date (read, and alerted of) that a save carries over from the
 * stored settings: only with the secret they are about kept, which also keeps its app registration
 * (`keepRefusal` refuses to keep it for another one).
 */
export function keptSecretNotes(
  keptSecret: boolean,
  stored: SealedSettings | undefined,
): Pick<Extract<SealedSettings, { authType: 'oauth' }>, SecretNoteField> {
  if (!keptSecret || stored?.authType !== 'oauth') return {};
  const { clientSecretReadExpiresAt, clientSecretLapseWarnedFor } = stored;
  return {
    ...(clientSecretReadExpiresAt !== undefined && { clientSecretReadExpiresAt }),
    ...(clientSecretLapseWarnedFor !== undefined && { clientSecretLapseWarnedFor }),
  };
}

/**
 * The fields of stored OAuth settings that note what the server learned about the client secret, written
 * with `SecretExpiryNotes.noteSecretExpiry` without a new version: never secrets, never edited by an admin.
 */
export const SECRET_NOTE_FIELDS = ['clientSecretReadExpiresAt', 'clientSecretLapseWarnedFor'] as const;

/** One of {@link SECRET_NOTE_FIELDS}. */
export type SecretNoteField = (typeof SECRET_NOTE_FIELDS)[number];

/** Whether a field of stored settings is a note about the client secret, which no save reports as changed. */
export function isSecretNoteField(field: string): field is SecretNoteField {
  return (SECRET_NOTE_FIELDS as readonly string[]).includes(field);
}

function instant(iso: string | undefined): number | undefined {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}
