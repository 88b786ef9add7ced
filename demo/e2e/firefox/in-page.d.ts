/** A text to match: a string (case-insensitive substring, or the whole text when exact) or a RegExp's parts. */
export type TextMatch = string | { source: string; flags: string };

/** One step of a locator, as Playwright's own locator methods build them. */
export type Step =
  | { kind: 'css'; selector: string }
  | { kind: 'role'; role: string; name?: TextMatch; exact?: boolean }
  | { kind: 'label'; text: TextMatch; exact?: boolean }
  | { kind: 'text'; text: TextMatch; exact?: boolean }
  | { kind: 'hasText'; text: TextMatch }
  | { kind: 'nth'; index: number }
  | { kind: 'or'; other: Step[] };

/** What to do with the elements found. */
export type Action =
  | 'elements'
  | 'count'
  | 'innerTexts'
  | 'state'
  | 'element'
  | 'inputValue'
  | 'innerText'
  | 'innerHTML'
  | 'getAttribute'
  | 'isChecked'
  | 'optionValue';

/** Why a strict action found no answer: no element, or more than one. */
export interface NotOne {
  error: 'missing' | 'strict';
  count: number;
}

/** Runs in the page (see in-page.js): finds the elements `steps` describe and does `action` with them. */
export function inPage(steps: Step[], action: Action, arg?: string): unknown;
