import type { SendMailOptions } from 'nodemailer';

/** A message as an application hands it to the mailer: nodemailer's options without a sender, which the saved settings decide. */
export type MailerMessage = Omit<SendMailOptions, 'from' | 'sender' | 'envelope' | 'raw'>;

// `envelope` would change MAIL FROM and `raw` would bypass the From header altogether.
const REFUSED_FIELDS = ['from', 'sender', 'envelope', 'raw'] as const;
const REFUSED_HEADERS = new Map([
  ['from', 'From'],
  ['sender', 'Sender'],
  ['return-path', 'Return-Path'],
]);
// nodemailer drops these from a header name before writing it, so "Sender " or " return-path" would still be one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const DROPPED_FROM_NAMES = /[\s\u0000-\u0020\u007f:]/g;
// RFC 5322 field-name: printable US-ASCII except the colon.
const FIELD_NAME = /^[\u0021-\u0039\u003b-\u007e]+$/;
const LINE_BREAK = /[\r\n]/;
// Deep enough for a prepared value, an address object and a group of them.
const MAX_VALUE_DEPTH = 4;
const CONTENT_ACCESS_CODES = new Set(['EFILEACCESS', 'EURLACCESS']);

/**
 * Refuses a message that tries to choose its own sender, because the From address is the admin's
 * decision in the saved settings, and headers a host could not have meant: a name that is no RFC 5322
 * field name, or a value with a line break (a prepared value reaches the wire as it is, so the break
 * would start a header of its own). Attachments' and alternatives' headers are checked the same way;
 * errors name the field or header, never a value.
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
  const parts = [...listOf(message.attachments), ...listOf(message.alternatives)];
  for (const headers of [message.headers, ...parts.map((part) => part?.headers)]) {
    for (const [name, value] of headerEntries(headers)) checkHeader(name, value);
  }
}

/**
 * The error to throw instead of nodemailer's when a message pointed at a file or URL (`path` or `href`),
 * which the mailer's transport refuses to read; `undefined` for any other error. The path stays out of
 * the message: a URL can carry a token.
 */
export function contentAccessRefusal(error: unknown): TypeError | undefined {
  const { code, originalCode } = (error ?? {}) as { code?: unknown; originalCode?: unknown };
  if (!CONTENT_ACCESS_CODES.has(String(originalCode)) && !CONTENT_ACCESS_CODES.has(String(code))) {
    return undefined;
  }
  return new TypeError(
    'The mailer reads no files or URLs: give text, html, alternatives, icalEvent and attachments as `content` (a string, Buffer or stream) instead of `path` or `href`.',
  );
}

function checkHeader(name: string, value: unknown): void {
  const sender = REFUSED_HEADERS.get(name.replace(DROPPED_FROM_NAMES, '').toLowerCase());
  if (sender) throw refused(`the ${sender} header`);
  if (!FIELD_NAME.test(name)) {
    throw new TypeError(
      `Header names are printable ASCII without spaces or colons: ${JSON.stringify(name.slice(0, 80))} is not one.`,
    );
  }
  if (hasLineBreak(value, 0)) {
    throw new TypeError(`The ${name} header's value has a line break: give each header value on one line.`);
  }
}

/** The error for a sender field or header, naming it without its value. */
function refused(what: string): TypeError {
  return new TypeError(
    `Do not set ${what}: the mailer sends from the From Name and From Email of the saved SMTP settings.`,
  );
}

/** Name and value of each header in any of the shapes nodemailer accepts for `headers`. */
function headerEntries(headers: MailerMessage['headers']): Array<[string, unknown]> {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) return headers.map((header) => [String(header?.key), header?.value]);
  if (typeof headers.key === 'string' && 'value' in headers) return [[headers.key, headers.value]];
  return Object.entries(headers);
}

/** Whether any text in a header value (a string, a prepared value, an address, a list of them) has a line break. */
function hasLineBreak(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return LINE_BREAK.test(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_VALUE_DEPTH) return false;
  return Object.values(value).some((item) => hasLineBreak(item, depth + 1));
}

function listOf<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
