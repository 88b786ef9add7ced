import {
  FIELD_MESSAGES,
  type FieldMessage,
  isClear,
  keepRefusal,
  type SecretField,
  type SecretInput,
  type SmtpSettings,
  type SmtpSettingsDraft,
  secretFieldsOf,
  signInOf,
} from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import { openSecret, sealedSecretOf } from './record-secrets.js';
import type { SealedSettings } from './sealed-record.js';

/** A draft with every secret resolved to plaintext, and where each secret came from. */
export interface ResolvedDraft {
  /** The complete settings as they would be used, secrets in plaintext; never leaves the server. */
  plain: SmtpSettings;
  /** Secrets the draft kept, with their stored sealed value (reused when sealed with the primary key). */
  kept: Map<SecretField, string>;
  /** Secrets the draft replaced with a new value. */
  replaced: Set<SecretField>;
}

/** Options of {@link resolveDraft}. */
export interface ResolveDraftOptions {
  /** Secrets this use needs besides the client secret, each with the field message that asks for it. */
  require?: Partial<Record<SecretField, FieldMessage>>;
}

// The provider cannot mint a token without it, so testing or saving without one would only fail later.
const REQUIRED_SECRETS: Partial<Record<SecretField, FieldMessage>> = {
  clientSecret: FIELD_MESSAGES.clientSecretRequired,
};

/**
 * Resolves what a draft means against the stored settings: a new secret value is used as is,
 * `{ clear: true }` drops the secret, and an omitted or `{ keep: true }` secret takes the stored one —
 * but only within the same authentication type and provider, since another provider's secret is
 * meaningless here, and only while the connection it was given for is unchanged (see `keepRefusal`).
 * Opening a kept secret proves it still decrypts, so a broken one is caught now. A refresh token with
 * Application sign-in is ignored, sent or kept: it is neither required nor stored.
 *
 * @throws ApiError `VALIDATION_FAILED` naming each stored secret the draft may not keep, and each
 * required secret of the variant that ends up missing; nothing has connected anywhere yet.
 */
export function resolveDraft(
  draft: SmtpSettingsDraft,
  stored: SealedSettings | undefined,
  secrets: SecretBox,
  tenant: string,
  { require }: ResolveDraftOptions = {},
): ResolvedDraft {
  const carried = stored && sameVariant(draft, stored) ? stored : undefined;
  const values: Partial<Record<SecretField, string>> = {};
  const kept = new Map<SecretField, string>();
  const replaced = new Set<SecretField>();
  const refused: Partial<Record<SecretField, FieldMessage>> = {};
  const fields = secretsUsedBy(draft);
  for (const field of fields) {
    const input = draft[field as keyof SmtpSettingsDraft] as SecretInput | undefined;
    const sealed = carried && sealedSecretOf(carried, field);
    if (typeof input === 'string') {
      values[field] = input;
      replaced.add(field);
    } else if (!isClear(input) && sealed !== undefined) {
      // A kept password must not follow the settings to another server, where it would be sent at AUTH.
      const refusal = carried && keepRefusal(field, carried, draft);
      if (refusal) {
        refused[field] = refusal;
        continue;
      }
      values[field] = openSecret(sealed, field, secrets, tenant);
      kept.set(field, sealed);
    }
  }
  const required = { ...REQUIRED_SECRETS, ...require };
  const missing = fields.flatMap((field) => {
    const message = required[field];
    return message !== undefined && values[field] === undefined ? [[field, message] as const] : [];
  });
  if (missing.length > 0 || Object.keys(refused).length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', notice('error.fieldsInvalid'), {
      ...Object.fromEntries(missing),
      ...refused,
    });
  }
  return { plain: withSecrets(draft, values), kept, replaced };
}

/**
 * The secrets a draft's settings use: Application sign-in mints with the client credentials alone, so a
 * refresh token sent or kept with it is ignored, neither required nor stored.
 */
function secretsUsedBy(draft: SmtpSettingsDraft): SecretField[] {
  const fields = secretFieldsOf(draft);
  if (draft.authType !== 'oauth' || signInOf(draft) !== 'application') return fields;
  return fields.filter((field) => field !== 'refreshToken');
}

function sameVariant(draft: SmtpSettingsDraft, stored: SealedSettings): boolean {
  if (draft.authType === 'basic' || stored.authType === 'basic') return draft.authType === stored.authType;
  return draft.provider === stored.provider;
}

/** The draft's own fields with its secret inputs replaced by the resolved values. */
function withSecrets(draft: SmtpSettingsDraft, values: Partial<Record<SecretField, string>>): SmtpSettings {
  if (draft.authType === 'basic') {
    const { password: _input, ...rest } = draft;
    return { ...rest, ...(values.password !== undefined && { password: values.password }) };
  }
  const { clientSecret: _secretInput, refreshToken: _tokenInput, ...rest } = draft;
  // REQUIRED_SECRETS refused a draft without one above.
  if (values.clientSecret === undefined)
    throw new TypeError('An OAuth draft resolved without a client secret');
  return {
    ...rest,
    clientSecret: values.clientSecret,
    ...(values.refreshToken !== undefined && { refreshToken: values.refreshToken }),
  };
}
