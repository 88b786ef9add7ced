import { domainToASCII } from 'node:url';
import { FromEmailSchema } from '@smtp-settings/schema';
import addressparser from 'nodemailer/lib/addressparser';
import * as v from 'valibot';
import { checkMessage, type MailerMessage } from '../mailer/message.js';
import type { StoredAddress, StoredContent, StoredHeader, StoredMessage } from './stored-message.js';

/** Addresses as a host gives them: `'Dana <dana@example.com>'`, a comma-separated list, `{ name, address }`, or an array of these. */
export type OutboxAddresses = string | OutboxAddress | Array<string | OutboxAddress>;

/** One address with an optional display name. */
export interface OutboxAddress {
  /** The display name, e.g. `Dana Scully`. */
  name?: string;
  /** The email address. */
  address: string;
}

/** Content the outbox can keep: text, or bytes (stored base64). Streams, files and URLs cannot wait in a queue. */
export type OutboxContent = string | Uint8Array;

/** A file attached to a message, with its content given in full. */
export interface OutboxAttachment {
  /** The file name the recipient sees. */
  filename?: string;
  /** The content: text, or bytes. */
  content: OutboxContent;
  /** How a string `content` is encoded, e.g. `base64`; bytes need none. */
  encoding?: BufferEncoding;
  /** The MIME type; guessed from `filename` when left out. */
  contentType?: string;
  /** `attachment` (default) or `inline`. */
  contentDisposition?: 'attachment' | 'inline';
  /** Content-ID, so the HTML can show it as `<img src="cid:…">`. */
  cid?: string;
  /** Extra headers of this part. */
  headers?: OutboxHeaders;
}

/** Extra headers: by name (a list of values gives one header each), or as `{ key, value }` entries (or one); a `prepared` value goes out as it is. */
export type OutboxHeaders =
  | Record<string, OutboxHeaderValue | OutboxHeaderValue[]>
  | { key: string; value: OutboxHeaderValue }
  | Array<{ key: string; value: OutboxHeaderValue }>;

/** A header value: text the mailer encodes, or `{ prepared: true, value }` sent as it is. */
export type OutboxHeaderValue = string | { prepared: boolean; value: string };

/**
 * A message a host hands to the outbox: everything the mailer sends, in a form that can wait in a queue.
 * The sender is the tenant's saved From Name and From Email; the outbox makes the Message-ID.
 */
export interface OutboxMessage {
  /** Recipients. */
  to?: OutboxAddresses;
  /** Copy recipients. */
  cc?: OutboxAddresses;
  /** Blind copy recipients. */
  bcc?: OutboxAddresses;
  /** Where replies go, when not to the From Email. */
  replyTo?: OutboxAddresses;
  /** The subject. */
  subject?: string;
  /** The plain-text body. */
  text?: OutboxContent;
  /** The HTML body. */
  html?: OutboxContent;
  /** Files, with their content. */
  attachments?: OutboxAttachment[];
  /** Extra headers (never From, Sender or Return-Path). */
  headers?: OutboxHeaders;
  /** The Message-ID this one answers, for threading. */
  inReplyTo?: string;
  /** The Message-IDs of the thread. */
  references?: string | string[];
  /** `high`, `normal` or `low`: sets the priority headers. */
  priority?: 'high' | 'normal' | 'low';
}

/** A checked message, ready to seal and store, with the metadata the delivery log keeps in the clear. */
export interface ParsedMessage {
  /** The message as it is stored (sealed). */
  stored: StoredMessage;
  /** Its JSON, which is what gets sealed. */
  json: string;
  /** Recipient addresses, without names, for the log. */
  to: string[];
  /** Copy recipient addresses. */
  cc: string[];
  /** Blind copy recipient addresses. */
  bcc: string[];
  /** The subject, `''` when there is none. */
  subject: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const LINE_BREAK = /[\r\n]/;
const LOCATION_MESSAGE =
  'points at a file or URL: the outbox reads no files or URLs, so give the `content` (a string or bytes)';
const PRIVATE_FIELDS: Readonly<Record<string, string>> = {
  messageId: 'the outbox makes the Message-ID, and `enqueue` returns it',
  date: 'the Date is the time the message was handed over',
  path: LOCATION_MESSAGE,
  href: LOCATION_MESSAGE,
};

const isStream = (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function';
const pointsElsewhere = (value: unknown) =>
  typeof value === 'object' && value !== null && ('path' in value || 'href' in value);

const contentMessage = (issue: v.CustomIssue) => {
  if (isStream(issue.input)) {
    return 'is a stream: the outbox keeps a message until it is delivered, so give a string or bytes';
  }
  if (pointsElsewhere(issue.input)) return LOCATION_MESSAGE;
  return 'must be a string or bytes (a Buffer or Uint8Array)';
};

/** Text or bytes; bytes are kept as base64 in the sealed JSON. */
const ContentSchema = v.pipe(
  v.custom<OutboxContent>(
    (input) => typeof input === 'string' || input instanceof Uint8Array,
    contentMessage,
  ),
  v.transform(
    (content): StoredContent =>
      typeof content === 'string' ? content : { base64: Buffer.from(content).toString('base64') },
  ),
);

const oneLine = (what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.check((text) => !LINE_BREAK.test(text), 'has a line break: give it on one line'),
  );

const printable = (what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.check((text) => !CONTROL.test(text), 'has a control character or line break'),
  );

const HeaderValueSchema = v.union(
  [v.string(), v.strictObject({ prepared: v.boolean(), value: v.string() })],
  'must be a string, or { prepared, value } with a string value',
);

const HeaderEntrySchema = v.strictObject({ key: v.string(), value: HeaderValueSchema });
const isHeaderEntry = (headers: object): headers is v.InferOutput<typeof HeaderEntrySchema> =>
  v.is(HeaderEntrySchema, headers);

/** Headers in any accepted shape, as `{ key, value }` entries; names and line breaks are `checkMessage`'s to judge. */
const HeadersSchema = v.pipe(
  v.union(
    [
      v.array(HeaderEntrySchema),
      // Before the record, as nodemailer reads `{ key, value }` as one header.
      HeaderEntrySchema,
      v.record(v.string(), v.union([HeaderValueSchema, v.array(HeaderValueSchema)])),
    ],
    'must be an object of header names and values, or a list of { key, value }',
  ),
  v.transform((headers): StoredHeader[] => {
    if (Array.isArray(headers)) return headers.map(({ key, value }) => ({ key, value }));
    if (isHeaderEntry(headers)) return [{ key: headers.key, value: headers.value }];
    return Object.entries(headers).flatMap(([key, values]) =>
      (Array.isArray(values) ? values : [values]).map((value) => ({ key, value })),
    );
  }),
);

const AddressSchema = v.union(
  [v.string(), v.strictObject({ name: v.optional(v.string()), address: v.string() })],
  'must be an address, `{ name, address }`, or a list of them',
);

/** One or more addresses, parsed into bare addresses with names; an address that is no mailbox is refused. */
const AddressesSchema = v.pipe(
  v.union(
    [AddressSchema, v.array(AddressSchema)],
    'must be an address, `{ name, address }`, or a list of them',
  ),
  v.transform((given) => (Array.isArray(given) ? given : [given]).flatMap(parseAddresses)),
  v.check(
    (addresses) => addresses.every(({ address }) => v.is(FromEmailSchema, address)),
    'has an address that is not a valid email address',
  ),
  v.check(
    (addresses) => addresses.every(({ name }) => !CONTROL.test(name)),
    'has a name with a control character or line break',
  ),
);

const AttachmentSchema = v.pipe(
  // Before the fields: a `path` or `href` instead of `content` is the mistake to explain.
  v.custom<unknown>((input) => !pointsElsewhere(input), LOCATION_MESSAGE),
  v.strictObject(
    {
      filename: v.optional(printable('a file name')),
      content: ContentSchema,
      encoding: v.optional(
        v.pipe(
          v.string('must be an encoding name such as base64'),
          v.check((encoding) => Buffer.isEncoding(encoding), 'is not an encoding Node knows, such as base64'),
        ),
      ),
      contentType: v.optional(printable('a MIME type such as application/pdf')),
      contentDisposition: v.optional(v.picklist(['attachment', 'inline'], 'must be attachment or inline')),
      cid: v.optional(printable('a Content-ID')),
      headers: v.optional(HeadersSchema),
    },
    strictMessage,
  ),
);

/** What a host may enqueue, checked and turned into what the outbox stores. */
export const OutboxMessageSchema = v.strictObject(
  {
    to: v.optional(AddressesSchema),
    cc: v.optional(AddressesSchema),
    bcc: v.optional(AddressesSchema),
    replyTo: v.optional(AddressesSchema),
    subject: v.optional(oneLine('text')),
    text: v.optional(ContentSchema),
    html: v.optional(ContentSchema),
    attachments: v.optional(v.array(AttachmentSchema, 'must be a list of attachments')),
    headers: v.optional(HeadersSchema),
    inReplyTo: v.optional(oneLine('a Message-ID')),
    references: v.optional(
      v.union(
        [oneLine('a Message-ID'), v.array(oneLine('a Message-ID'))],
        'must be a Message-ID or a list of them',
      ),
    ),
    priority: v.optional(v.picklist(['high', 'normal', 'low'], 'must be high, normal or low')),
  },
  strictMessage,
);

/**
 * Checks a message a host hands to `enqueue` and turns it into what the outbox stores: the mailer's rules
 * first (no sender of its own, header names and values it would send), then the outbox's (content in
 * full, at least one valid recipient, at most `maxBytes` stored). Nothing is stored on a refusal.
 *
 * @throws TypeError naming the field at fault (`attachments[0].content`), never its value.
 * @example
 * const { stored, to, subject } = parseOutboxMessage({ to: 'qa-lead@example.com', subject: 'TC-42', text: '…' }, 1e6);
 */
export function parseOutboxMessage(message: OutboxMessage, maxBytes: number): ParsedMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new TypeError('smtp-settings: the message must be an object with to, subject and text or html.');
  }
  checkMessage(message as MailerMessage);
  const result = v.safeParse(OutboxMessageSchema, message, { abortEarly: true });
  if (!result.success) {
    const [issue] = result.issues;
    throw new TypeError(`smtp-settings: the message's \`${fieldOf(issue)}\` ${issue.message}.`);
  }
  const stored = withoutUndefined(result.output) as StoredMessage;
  const addresses = (list: StoredAddress[] | undefined) => (list ?? []).map(({ address }) => address);
  const [to, cc, bcc] = [addresses(stored.to), addresses(stored.cc), addresses(stored.bcc)];
  if (to.length + cc.length + bcc.length === 0) {
    throw new TypeError('smtp-settings: the message has no recipient: give `to`, `cc` or `bcc`.');
  }
  const json = JSON.stringify(stored);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) {
    throw new TypeError(
      `smtp-settings: the message is larger than the outbox takes (${megabytes(bytes)} MB stored, at most ${megabytes(maxBytes)} MB): send large files as links.`,
    );
  }
  return { stored, json, to, cc, bcc, subject: stored.subject ?? '' };
}

/** The message of a strict object's issue: an unknown field, with the reason for the ones hosts try. */
function strictMessage(issue: v.StrictObjectIssue): string {
  const key = issue.path?.at(-1)?.key;
  if (issue.expected !== 'never') {
    return typeof key === 'string' && issue.received === 'undefined' ? 'is required' : 'must be an object';
  }
  return PRIVATE_FIELDS[String(key)] !== undefined
    ? `is not taken: ${PRIVATE_FIELDS[String(key)]}`
    : 'is not a field the outbox takes';
}

/** The issue's place in the message, as code would write it: `attachments[0].content` (a long name cut short). */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  if (path.length === 0) return 'message';
  return path
    .map(({ key }, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key).slice(0, 80)}`,
    )
    .join('');
}

/** Bare addresses with names from one address field entry; a domain in Unicode is checked as punycode. */
function parseAddresses(given: string | OutboxAddress): StoredAddress[] {
  const parsed =
    typeof given === 'string'
      ? addressparser(given, { flatten: true })
      : [{ name: given.name ?? '', address: given.address }];
  return parsed.map(({ name, address }) => {
    const at = address.lastIndexOf('@');
    const domain = at < 0 ? '' : domainToASCII(address.slice(at + 1));
    return { name, address: at < 0 || domain === '' ? address : `${address.slice(0, at)}@${domain}` };
  });
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
