/**
 * An ISO 8601 instant as `<smtp-settings>` writes every date: medium date style in `locale`, the page's
 * language when `locale` is unset or malformed; empty for none.
 */
export function formatDate(iso: string | undefined, locale: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
  } catch {
    // A malformed `locale` must not break the form; the page's language still reads well.
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
  }
}
