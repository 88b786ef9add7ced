import { pageDe } from './i18n/page-de.js';
import { type PageText, pageEn } from './i18n/page-en.js';
import type { Language } from './language-switch.js';
import { languagePreference } from './preferences.js';
import { richText } from './rich-text.js';

/** A message that can be shown in any of the page's languages. */
export type Message = (text: PageText) => string;

const texts: Record<Language, PageText> = { en: pageEn, de: pageDe };
const renderers = new Set<(text: PageText) => void>();
let language: Language = 'en';

/** The page's texts in its current language. */
export function pageText(): PageText {
  return texts[language];
}

/** The page's current language, as a locale for dates and times. */
export function pageLocale(): Language {
  return language;
}

/** Calls `render` with the page's texts now and again after every language switch. */
export function withPageText(render: (text: PageText) => void): void {
  renderers.add(render);
  render(pageText());
}

/** Shows the page in `next`: `<html lang>`, every `[data-i18n]` element and everything rendered through `withPageText`. */
export function applyPageLanguage(next: Language): void {
  language = next;
  document.documentElement.lang = next;
  const text = pageText();
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as keyof PageText;
    const value = text[key];
    if (typeof value !== 'string') throw new Error(`data-i18n="${key}" names no page text`);
    element.replaceChildren(...richText(value));
  }
  for (const render of renderers) render(text);
}

/** Applies the remembered language on a page without a language switch. */
export function applySavedPageLanguage(): void {
  applyPageLanguage(languagePreference.read());
}

/** Shows messages in `element`, switching them to the new language along with the page. */
export function messageLine(element: HTMLElement): (message: Message | undefined) => void {
  let shown: Message | undefined;
  withPageText((text) => {
    element.textContent = shown?.(text) ?? '';
  });
  return (message) => {
    shown = message;
    element.textContent = message?.(pageText()) ?? '';
  };
}
