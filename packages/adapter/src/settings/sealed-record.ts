import { BasicSettingsSchema, GoogleSettingsSchema, MicrosoftSettingsSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import type { SettingsRecord, SettingsStore } from '../stores/store.js';

/** A secret as the store keeps it: what `SecretBox.seal` made of it, never the plaintext. */
const SealedSecretSchema = v.pipe(v.string(), v.nonEmpty());

/** What the server knows about the account behind a stored OAuth refresh token; never a secret. */
export const OAuthConnectionSchema = v.object({
  /** The signed-in mailbox, read from the ID token; absent for a token pasted by hand. */
  account: v.optional(v.string()),
  /** Scopes the admin granted. */
  scopes: v.array(v.string()),
  /** When the refresh token was obtained, as ISO 8601. */
  obtainedAt: v.string(),
  /** When an access token was last minted with it, as ISO 8601. */
  lastRefreshedAt: v.optional(v.string()),
  /** When the provider said the refresh token stops working, as ISO 8601. */
  refreshTokenExpiresAt: v.optional(v.string()),
});

/** What the server knows about the account behind a stored OAuth refresh token; never a secret. */
export type OAuthConnection = v.InferOutput<typeof OAuthConnectionSchema>;

const oauthSecrets = {
  clientSecret: SealedSecretSchema,
  refreshToken: v.optional(SealedSecretSchema),
  connection: v.optional(OAuthConnectionSchema),
  /** The client secret's end date as the health check read it from the app registration, ISO 8601. */
  clientSecretReadExpiresAt: v.optional(v.string()),
  /** The client secret end date the host was alerted of (`oauth.secret-lapsing`), so it hears once per date. */
  clientSecretLapseWarnedFor: v.optional(v.string()),
};

/**
 * The settings as the store keeps them: the same variants and field rules as the settings themselves,
 * with each secret sealed, and the {@link OAuthConnection} and the notes about the client secret's end date
 * (see `secret-expiry.ts`) beside the OAuth settings. Keys it does not
 * name (a sealed value another variant left behind) are dropped, never passed on.
 */
export const SealedSettingsSchema = v.variant('authType', [
  v.object({ ...BasicSettingsSchema.entries, password: v.optional(SealedSecretSchema) }),
  v.variant('provider', [
    v.object({ ...MicrosoftSettingsSchema.entries, ...oauthSecrets }),
    v.object({ ...GoogleSettingsSchema.entries, ...oauthSecrets }),
  ]),
]);

/** The settings as the store keeps them, secrets sealed. */
export type SealedSettings = v.InferOutput<typeof SealedSettingsSchema>;

/** A stored record whose settings passed {@link SealedSettingsSchema}. */
export interface SealedRecord extends Omit<SettingsRecord, 'settings'> {
  /** The settings, secrets sealed. */
  settings: SealedSettings;
}

/**
 * Thrown when a stored record is not one this adapter writes (edited by hand, or by a newer release);
 * names the fields that fail, never their values.
 */
export class StoredSettingsInvalidError extends Error {
  override readonly name = 'StoredSettingsInvalidError';

  constructor(
    /** The tenant whose record it is. */
    readonly tenant: string,
    /** Dotted paths of the fields that fail, e.g. `port` or `connection.scopes`. */
    readonly fields: readonly string[],
  ) {
    super(
      `smtp-settings: the stored settings of tenant "${tenant}" are not valid (${fields.join(', ')}): save them again`,
    );
  }
}

/**
 * Reads a record as the store hands it out into a {@link SealedRecord}.
 *
 * @throws StoredSettingsInvalidError when its settings do not pass {@link SealedSettingsSchema}.
 */
export function parseSealedRecord(record: SettingsRecord, tenant: string): SealedRecord {
  const parsed = v.safeParse(SealedSettingsSchema, record.settings);
  if (!parsed.success) {
    const fields = new Set(parsed.issues.map((issue) => v.getDotPath(issue) ?? '(settings)'));
    throw new StoredSettingsInvalidError(tenant, [...fields]);
  }
  return { ...record, settings: parsed.output };
}

/**
 * The tenant's stored record, parsed once as it leaves the store, or `null` when nothing is saved yet.
 *
 * @example
 * ```ts
 * const record = await loadSealedRecord(store, 'acme');
 * if (record?.settings.authType === 'oauth') console.log(record.settings.connection?.account);
 * ```
 * @throws StoredSettingsInvalidError when the stored settings do not pass {@link SealedSettingsSchema}.
 */
export async function loadSealedRecord(store: SettingsStore, tenant: string): Promise<SealedRecord | null> {
  const record = await store.get(tenant);
  return record && parseSealedRecord(record, tenant);
}
