import { pageLocale } from './page-language.js';

/** When a message arrived, in the page's language: the time alone for today's mail, date and time otherwise. */
export function formatMailTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = date.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(
    pageLocale(),
    today ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(date);
}
