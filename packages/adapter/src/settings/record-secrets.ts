import { isSecretField, type SecretField, type SmtpSettings, secretFieldsOf } from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SettingsStore } from '../stores/store.js';
import type { OAuthConnection, SealedRecord, SealedSettings } from './sealed-record.js';
import { isSecretNoteField, keptSecretNotes } from './secret-expiry.js';

/** A resolved draft as {@link sealDraft} takes it: plaintext settings, and where each secret came from. */
export interface DraftToSeal {
  /** The complete settings, secrets in plaintext. */
  plain: SmtpSettings;
  /** Secrets the draft kept, with their stored sealed value. */
  kept: ReadonlyMap<SecretField, string>;
  /** Secrets the draft replaced with a new value. */
  replaced: ReadonlySet<SecretField>;
}

/** Settings ready for the store, and what changed compared with the stored ones. */
export interface SealedDraft {
  /** The new settings with every secret sealed for the tenant. */
  settings: SealedSettings;
  /** Names of the fields whose value or presence changed; never values. */
  changedFields: string[];
  /** Whether a kept secret was re-sealed with the primary key (key rotation progresses on save). */
  resealed: boolean;
}

/**
 * Seals a resolved draft for the store: new secrets sealed, kept ones reused unless an old key sealed
 * them, and the OAuth connection (account, scopes, dates) stored beside the settings, with the notes
 * about a kept client secret's end date.
 */
export function sealDraft(
  { plain, kept, replaced }: DraftToSeal,
  stored: SealedSettings | undefined,
  secrets: SecretBox,
  tenant: string,
  connection?: OAuthConnection,
): SealedDraft {
  let resealed = false;
  const seal = (field: SecretField, value: string): string => {
    const previous = kept.get(field);
    if (previous !== undefined && secrets.isSealedWithPrimary(previous)) return previous;
    resealed ||= previous !== undefined;
    return secrets.seal(value, { tenant, field });
  };
  let settings: SealedSettings;
  if (plain.authType === 'basic') {
    const { password, ...rest } = plain;
    settings = { ...rest, ...(password !== undefined && { password: seal('password', password) }) };
  } else {
    const { clientSecret, refreshToken, ...rest } = plain;
    settings = {
      ...rest,
      clientSecret: seal('clientSecret', clientSecret),
      ...(refreshToken !== undefined && { refreshToken: seal('refreshToken', refreshToken) }),
      ...(connection && { connection }),
      ...keptSecretNotes(kept.has('clientSecret'), stored),
    };
  }
  return { settings, changedFields: changedFields(stored, settings, replaced), resealed };
}

/**
 * Turns a stored record into plaintext settings by decrypting its secret fields for `tenant`; the only
 * place the server does so for a whole record, for sending and testing mail — never for `GET /settings`.
 *
 * @throws SecretUnreadableError when a sealed value cannot be decrypted (its message holds no secret).
 */
export function openSettings(record: SealedRecord, secrets: SecretBox, tenant: string): SmtpSettings {
  const open = (field: SecretField, sealed: string) => secrets.open(sealed, { tenant, field });
  const stored = record.settings;
  if (stored.authType === 'basic') {
    const { password, ...rest } = stored;
    return { ...rest, ...(password !== undefined && { password: open('password', password) }) };
  }
  const {
    clientSecret,
    refreshToken,
    connection: _connection,
    clientSecretReadExpiresAt: _read,
    clientSecretLapseWarnedFor: _warned,
    ...rest
  } = stored;
  return {
    ...rest,
    clientSecret: open('clientSecret', clientSecret),
    ...(refreshToken !== undefined && { refreshToken: open('refreshToken', refreshToken) }),
  };
}

/** The sealed value of one secret field of stored settings, if their variant has it and it is set. */
export function sealedSecretOf(stored: SealedSettings, field: SecretField): string | undefined {
  // Every variant's secrets are optional strings when read by name.
  const sealed: Readonly<Partial<Record<SecretField, string>>> = stored;
  return sealed[field];
}

/**
 * Decrypts one stored secret, e.g. one a draft keeps, which also proves it still decrypts.
 *
 * @throws SecretUnreadableError when it cannot be decrypted (its message holds no secret).
 */
export function openSecret(sealed: string, field: SecretField, secrets: SecretBox, tenant: string): string {
  return secrets.open(sealed, { tenant, field });
}

/**
 * The secrets of stored settings that an older key sealed, each opened and sealed again with the primary
 * key, by field; empty when every secret is sealed with the primary key already. What a key rotation
 * writes back with `SecretResealing.resealSecrets`.
 *
 * @throws SecretUnreadableError when a secret cannot be decrypted (its message holds no secret).
 */
export function resealedSecrets(
  stored: SealedSettings,
  secrets: SecretBox,
  tenant: string,
): Partial<Record<SecretField, string>> {
  const resealed: Partial<Record<SecretField, string>> = {};
  for (const field of secretFieldsOf(stored)) {
    const sealed = sealedSecretOf(stored, field);
    if (sealed === undefined || secrets.isSealedWithPrimary(sealed)) continue;
    resealed[field] = secrets.seal(openSecret(sealed, field, secrets, tenant), { tenant, field });
  }
  return resealed;
}

/** What the mailer reports when the provider hands out a new refresh token. */
export interface RefreshTokenRotation {
  /** Whose settings they are. */
  tenant: string;
  /** The saved version the token was minted from; the rotation applies only while it is current. */
  version: number;
  /** The new refresh token, in plaintext. */
  refreshToken: string;
  /** When the provider issued it: the connection's `lastRefreshedAt` and the audit entry's time. */
  at: Date;
  /** Who rotated it, for the audit trail. */
  actor: string;
}

/**
 * Seals a refresh token the provider rotated and writes it over the stored one without a new version, so an
 * admin editing that version still saves; the token health's `lastRefreshedAt` moves too, and the audit
 * trail records a `rotation`. Answers the revision it produced, or `null` when the version moved on (an
 * admin saved meanwhile) and nothing changed.
 */
export function rotateRefreshToken(
  store: SettingsStore,
  secrets: SecretBox,
  { tenant, version, refreshToken, at, actor }: RefreshTokenRotation,
): Promise<number | null> {
  const when = at.toISOString();
  return store.rotateSecret(
    tenant,
    {
      field: 'refreshToken',
      sealed: secrets.seal(refreshToken, { tenant, field: 'refreshToken' }),
      // The token health the admin sees says when the token last worked; a rotation proves it just did.
      connection: { lastRefreshedAt: when } satisfies Partial<OAuthConnection>,
      at: when,
      actor,
    },
    version,
  );
}

function changedFields(
  before: SealedSettings | undefined,
  after: SealedSettings,
  replacedSecrets: ReadonlySet<string>,
): string[] {
  const old = new Map<string, unknown>(before ? Object.entries(before) : []);
  const now = new Map<string, unknown>(Object.entries(after));
  const fields = new Set([...old.keys(), ...now.keys()]);
  // The notes follow the client secret, which names the change itself; the admin never edits them.
  return [...fields]
    .filter((field) => !isSecretNoteField(field))
    .filter((field) =>
      isSecretField(field)
        ? replacedSecrets.has(field) || old.has(field) !== now.has(field)
        : JSON.stringify(old.get(field)) !== JSON.stringify(now.get(field)),
    );
}
