import type { SendMailOptions } from 'nodemailer';

/** A message as an application hands it to the mailer: nodemailer's options without a sender, which the saved settings decide. */
export type MailerMessage = Omit<SendMailOptions, 'from' | 'sender' | 'envelope' | 'raw'>;

// `envelope` would change MAIL FROM and `raw` would bypass the From header altogether.
const REFUSED_FIELDS = ['from', 'sender', 'envelope', 'raw'] as const;
const REFUSED_HEADERS = new Set(['from', 'sender', 'return-path']);

/**
 * Refuses a message that tries to choose its own sender, because the From address is the admin's
 * decision in the saved settings; the error names the field, never its value.
 *
 * @throws TypeError naming the offending field or header.
 */
export function checkMessage(message: MailerMessage): void {
  if (typeof message !== 'object' || message === null) {
    throw new TypeError('The message must be an object with to, subject and text or html.');
  }
  const given = message as Record<string, unknown>;
  for (const field of REFUSED_FIELDS) {
    if (given[field] !== undefined) throw refused(`"${field}"`);
  }
  for (const name of headerNames(message.headers)) {
    if (REFUSED_HEADERS.has(name.toLowerCase())) throw refused(`the ${name} header`);
  }
}

/** The error for a sender field or header, naming it without its value. */
function refused(what: string): TypeError {
  return new TypeError(
    `Do not set ${what}: the mailer sends from the From Name and From Email of the saved SMTP settings.`,
  );
}

/** The header names of any of the shapes nodemailer accepts for `headers`. */
function headerNames(headers: MailerMessage['headers']): string[] {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) return headers.map((header) => String(header.key));
  if (typeof headers.key === 'string' && 'value' in headers) return [headers.key];
  return Object.keys(headers);
}
