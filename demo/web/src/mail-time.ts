const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** When a message arrived: the time alone for today's mail, date and time otherwise. */
export function formatMailTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (date.toDateString() === new Date().toDateString() ? timeOnly : dateAndTime).format(date);
}
