import {
  FIELD_MESSAGES,
  type FieldMessage,
  isClear,
  isSecretField,
  keepRefusal,
  type SecretField,
  type SecretInput,
  type SmtpSettings,
  type SmtpSettingsDraft,
  secretFieldsOf,
} from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import { ApiError } from '../errors.js';

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
 * Opening a kept secret proves it still decrypts, so a broken one is caught now.
 *
 * @throws ApiError `VALIDATION_FAILED` naming each stored secret the draft may not keep, and each
 * required secret of the variant that ends up missing; nothing has connected anywhere yet.
 */
export function resolveDraft(
  draft: SmtpSettingsDraft,
  stored: Record<string, unknown> | undefined,
  secrets: SecretBox,
  tenant: string,
  { require }: ResolveDraftOptions = {},
): ResolvedDraft {
  const carried = stored && sameVariant(draft, stored) ? stored : undefined;
  const plain: Record<string, unknown> = {};
  const kept = new Map<SecretField, string>();
  const replaced = new Set<SecretField>();
  const refused: Partial<Record<SecretField, FieldMessage>> = {};

  for (const [field, value] of Object.entries(draft)) {
    if (value !== undefined && !isSecretField(field)) plain[field] = value;
  }
  for (const field of secretFieldsOf(draft)) {
    const input = draft[field as keyof SmtpSettingsDraft] as SecretInput | undefined;
    const sealed = carried?.[field];
    if (typeof input === 'string') {
      plain[field] = input;
      replaced.add(field);
    } else if (!isClear(input) && typeof sealed === 'string') {
      // A kept password must not follow the settings to another server, where it would be sent at AUTH.
      const refusal = carried && keepRefusal(field, carried, draft);
      if (refusal) {
        refused[field] = refusal;
        continue;
      }
      plain[field] = secrets.open(sealed, { tenant, field });
      kept.set(field, sealed);
    }
  }

  const required = { ...REQUIRED_SECRETS, ...require };
  const missing = secretFieldsOf(draft).flatMap((field) => {
    const message = required[field];
    return message !== undefined && !(field in plain) ? [[field, message] as const] : [];
  });
  if (missing.length > 0 || Object.keys(refused).length > 0) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Some fields need attention', {
      ...Object.fromEntries(missing),
      ...refused,
    });
  }
  return { plain: plain as SmtpSettings, kept, replaced };
}

function sameVariant(draft: SmtpSettingsDraft, stored: Record<string, unknown>): boolean {
  return draft.authType === stored.authType && (draft as { provider?: unknown }).provider === stored.provider;
}
