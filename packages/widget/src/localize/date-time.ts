const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** Formats an ISO 8601 time the one way the element shows times (date and minute), in `locale` or the page's language. */
export function formatDateTime(iso: string, locale: string | undefined): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, DATE_TIME).format(date);
  } catch {
    // A malformed `locale` must not break the form; the page's language still reads well.
    return new Intl.DateTimeFormat(undefined, DATE_TIME).format(date);
  }
}
