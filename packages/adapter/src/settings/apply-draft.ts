import {
  isClear,
  isSecretField,
  type SecretField,
  type SecretInput,
  type SmtpSettingsDraft,
  secretFieldsOf,
} from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import { ApiError } from '../errors.js';

/** Settings ready for the store, and what changed compared with the stored ones. */
export interface AppliedDraft {
  /** The new settings with every secret sealed for the tenant. */
  settings: Record<string, unknown>;
  /** Names of the fields whose value or presence changed; never values. */
  changedFields: string[];
  /** Whether a kept secret was re-sealed with the primary key (key rotation progresses on save). */
  resealed: boolean;
}

// The provider cannot mint a token without it, so saving without one would only fail later.
const REQUIRED_SECRETS: readonly SecretField[] = ['clientSecret'];

/**
 * Turns a validated draft into what the store keeps: new secret values are sealed, `{ clear: true }`
 * drops a secret, and an omitted or `{ keep: true }` secret keeps the stored one — but only within the
 * same authentication type and provider, since another provider's secret is meaningless here.
 */
export function applyDraft(
  draft: SmtpSettingsDraft,
  stored: Record<string, unknown> | undefined,
  secrets: SecretBox,
  tenant: string,
): AppliedDraft {
  const carried = stored && sameVariant(draft, stored) ? stored : undefined;
  const settings: Record<string, unknown> = {};
  const replaced = new Set<string>();
  let resealed = false;

  for (const [field, value] of Object.entries(draft)) {
    if (value !== undefined && !isSecretField(field)) settings[field] = value;
  }
  for (const field of secretFieldsOf(draft)) {
    const input = draft[field as keyof SmtpSettingsDraft] as SecretInput | undefined;
    const binding = { tenant, field };
    if (typeof input === 'string') {
      settings[field] = secrets.seal(input, binding);
      replaced.add(field);
    } else if (!isClear(input) && typeof carried?.[field] === 'string') {
      const sealed = carried[field] as string;
      // Opening proves the kept value still decrypts, so a broken secret is caught now, not at send time.
      const plaintext = secrets.open(sealed, binding);
      const primary = secrets.isSealedWithPrimary(sealed);
      settings[field] = primary ? sealed : secrets.seal(plaintext, binding);
      resealed ||= !primary;
    }
  }

  const missing = REQUIRED_SECRETS.filter(
    (field) => secretFieldsOf(draft).includes(field) && !(field in settings),
  );
  if (missing.length > 0) {
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      'Some fields need attention',
      Object.fromEntries(missing.map((field) => [field, 'Enter the client secret'])),
    );
  }
  return { settings, changedFields: changedFields(stored ?? {}, settings, replaced), resealed };
}

function sameVariant(draft: SmtpSettingsDraft, stored: Record<string, unknown>): boolean {
  return draft.authType === stored.authType && (draft as { provider?: unknown }).provider === stored.provider;
}

function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  replacedSecrets: ReadonlySet<string>,
): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) =>
    isSecretField(field)
      ? replacedSecrets.has(field) || field in before !== field in after
      : JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}
