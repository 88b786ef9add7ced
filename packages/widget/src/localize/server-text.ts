import { fillTemplate, type ServerTextKey, type ServerTextParams } from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import type { FailureStrings } from './failure-strings.js';

/** A text the adapter wrote: its English, and the key and params a translation is filled from. */
export interface ServerWritten {
  /** The English text as received. */
  text: string;
  /** Its key in `SERVER_TEXTS`, when the adapter sent one. */
  key?: ServerTextKey | undefined;
  /** The values of its placeholders. */
  params?: ServerTextParams | undefined;
}

/**
 * A text the adapter wrote, in the admin's language: its `serverTexts` entry filled with its params, or
 * `undefined` when `strings` has none for its key (or it came without one), so the English stands. A
 * param with a `{name}Key` beside it is a text of its own (the last failure of an expired message), said
 * in the admin's language too.
 */
export function translateServerText(
  t: Pick<FailureStrings, 'serverTexts'>,
  { key, params = {} }: ServerWritten,
): string | undefined {
  const translations: Partial<Record<string, string>> = t.serverTexts;
  // Own keys only, so a key such as "constructor" never finds Object.prototype.
  const template = key !== undefined && Object.hasOwn(translations, key) ? translations[key] : undefined;
  if (template === undefined) return undefined;
  const filled: Record<string, string | number> = { ...params };
  for (const name in params) {
    const { [`${name}Key`]: inner, ...rest } = params;
    // Without its own key, the inner text cannot name itself again: nesting always ends.
    if (typeof inner === 'string') {
      filled[name] = serverText(t, { text: String(params[name]), key: inner as ServerTextKey, params: rest });
    }
  }
  return fillTemplate(template, filled);
}

/** The text as a string: translated, or the English as received. */
export function serverText(t: Pick<FailureStrings, 'serverTexts'>, written: ServerWritten): string {
  return translateServerText(t, written) ?? written.text;
}

/**
 * Renders a text the adapter wrote (a stage's detail, a failure's message or hint, a warning): translated
 * through `strings.serverTexts`, or the English as received, then marked `lang="en"` for screen readers.
 *
 * @example
 * renderServerText(t, { text: error.message, key: error.messageKey, params: error.params });
 */
export function renderServerText(
  t: Pick<FailureStrings, 'serverTexts'>,
  written: ServerWritten,
): TemplateResult {
  const translated = translateServerText(t, written);
  return html`<span lang=${translated === undefined ? 'en' : nothing}>${translated ?? written.text}</span>`;
}
