import type { SmtpSettingsStrings } from '@smtp-settings/widget';
import { de } from './i18n/de.js';
import { languagePreference, type PreferenceValue } from './preferences.js';

/** One of the languages the demo offers for its page and the element. */
export type Language = PreferenceValue<typeof languagePreference>;

// English is the element's own default, so it needs no replacements.
const translations: Record<Language, Partial<SmtpSettingsStrings>> = { en: {}, de };

/** The `strings` and `locale` to give `<smtp-settings>` for `language`. */
export function localization(language: Language): { strings: Partial<SmtpSettingsStrings>; locale: string } {
  return { strings: translations[language], locale: language };
}

/** The remembered language's `strings` and `locale`, for pages without a language switch. */
export function savedLocalization() {
  return localization(languagePreference.read());
}
