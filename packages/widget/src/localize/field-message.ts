import type { SmtpSettingsStrings } from './strings.js';

/** A field error in the admin's language: its entry in `fieldMessages`, or the text as received. */
export function translateFieldMessage(t: SmtpSettingsStrings, message: string): string {
  const translations: Partial<Record<string, string>> = t.fieldMessages;
  // Own keys only, so a server message such as "constructor" never finds Object.prototype.
  return (Object.hasOwn(translations, message) && translations[message]) || message;
}
