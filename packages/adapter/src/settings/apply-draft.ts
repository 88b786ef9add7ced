import { isSecretField, secretFieldsOf } from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import { CONNECTION_FIELD, type OAuthConnection } from './oauth-connection.js';
import type { ResolvedDraft } from './resolve-draft.js';

/** Settings ready for the store, and what changed compared with the stored ones. */
export interface AppliedDraft {
  /** The new settings with every secret sealed for the tenant. */
  settings: Record<string, unknown>;
  /** Names of the fields whose value or presence changed; never values. */
  changedFields: string[];
  /** Whether a kept secret was re-sealed with the primary key (key rotation progresses on save). */
  resealed: boolean;
}

/**
 * Seals a resolved draft for the store: new secrets sealed, kept ones reused unless an old key sealed
 * them, and the OAuth connection (account, scopes, dates) stored beside the settings.
 */
export function applyDraft(
  { plain, kept, replaced }: ResolvedDraft,
  stored: Record<string, unknown> | undefined,
  secrets: SecretBox,
  tenant: string,
  connection?: OAuthConnection,
): AppliedDraft {
  const settings: Record<string, unknown> = {
    ...plain,
    ...(connection && { [CONNECTION_FIELD]: connection }),
  };
  let resealed = false;
  for (const field of secretFieldsOf(plain)) {
    const value = plain[field as keyof typeof plain];
    if (typeof value !== 'string') continue;
    const previous = kept.get(field);
    if (previous !== undefined && secrets.isSealedWithPrimary(previous)) {
      settings[field] = previous;
    } else {
      settings[field] = secrets.seal(value, { tenant, field });
      resealed ||= previous !== undefined;
    }
  }
  return { settings, changedFields: changedFields(stored ?? {}, settings, replaced), resealed };
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
