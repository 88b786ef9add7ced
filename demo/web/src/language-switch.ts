import type { SmtpDeliveryLogStrings, SmtpSettingsStrings } from '@smtp-settings/widget';
import { de } from './i18n/de.js';
import { deDeliveryLog } from './i18n/de-delivery-log.js';
import { languagePreference, type PreferenceValue } from './preferences.js';

/** One of the languages the demo offers for its page and the element. */
export type Language = PreferenceValue<typeof languagePreference>;

// English is the element's own default, so it needs no replacements.
const translations: Record<Language, Partial<SmtpSettingsStrings>> = { en: {}, de };
const logTranslations: Record<Language, Partial<SmtpDeliveryLogStrings>> = { en: {}, de: deDeliveryLog };

/** The `strings` and `locale` to give `<smtp-settings>` for `language`. */
export function localization(language: Language): { strings: Partial<SmtpSettingsStrings>; locale: string } {
  return { strings: translations[language], locale: language };
}

/** The `strings` and `locale` to give `<smtp-delivery-log>` for `language`. */
export function deliveryLogLocalization(language: Language): {
  strings: Partial<SmtpDeliveryLogStrings>;
  locale: string;
} {
  return { strings: logTranslations[language], locale: language };
}

/** The remembered language's `strings` and `locale`, for pages without a language switch. */
export function savedLocalization() {
  return localization(languagePreference.read());
}
