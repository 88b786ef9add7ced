import {
  SECRET_FIELDS,
  type SettingsVariant,
  type SmtpSettings,
  secretFieldsOf,
} from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SettingsRecord } from '../stores/store.js';

/**
 * Turns a stored record into plaintext settings by decrypting its secret fields for `tenant`; the only
 * place the server does so, for sending and testing mail — never for `GET /settings`.
 *
 * @throws SecretUnreadableError when a sealed value cannot be decrypted (its message holds no secret).
 * @throws TypeError when the record names no known authentication type or provider.
 */
export function openSettings(record: SettingsRecord, secrets: SecretBox, tenant: string): SmtpSettings {
  const stored = record.settings;
  const opened: Record<string, unknown> = { ...stored };
  const ownSecrets: readonly string[] = secretFieldsOf(stored as SettingsVariant);
  for (const field of SECRET_FIELDS) {
    const sealed = stored[field];
    // A sealed value of another variant has no meaning here and would only travel along still sealed.
    if (typeof sealed === 'string' && ownSecrets.includes(field)) {
      opened[field] = secrets.open(sealed, { tenant, field });
    } else delete opened[field];
  }
  // Records were validated when they were written; applyDraft is the only writer.
  return opened as SmtpSettings;
}
