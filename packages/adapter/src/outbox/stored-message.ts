import * as v from 'valibot';
import type { SecretBox } from '../crypto/secret-box.js';
import type { MailerMessage } from '../mailer/message.js';

/** An address as stored: the bare address and its display name (`''` for none). */
export interface StoredAddress {
  /** Display name. */
  name: string;
  /** Email address. */
  address: string;
}

/** Content as stored: text as it is, bytes as base64. */
export type StoredContent = string | { base64: string };

/** A header as stored: one `{ key, value }` entry per value. */
export interface StoredHeader {
  /** The header name. */
  key: string;
  /** Its value: text, or a prepared value sent as it is. */
  value: string | { prepared: boolean; value: string };
}

const ContentSchema = v.union([v.string(), v.strictObject({ base64: v.string() })]);
const AddressesSchema = v.array(v.strictObject({ name: v.string(), address: v.string() }));
const HeadersSchema = v.array(
  v.strictObject({
    key: v.string(),
    value: v.union([v.string(), v.strictObject({ prepared: v.boolean(), value: v.string() })]),
  }),
);

/**
 * A queued message's content as the outbox seals it (JSON, AES-256-GCM bound to the tenant and
 * `delivery:<id>`), and reads it back before each attempt: what `OutboxMessageSchema` produced.
 */
export const StoredMessageSchema = v.strictObject({
  to: v.optional(AddressesSchema),
  cc: v.optional(AddressesSchema),
  bcc: v.optional(AddressesSchema),
  replyTo: v.optional(AddressesSchema),
  subject: v.optional(v.string()),
  text: v.optional(ContentSchema),
  html: v.optional(ContentSchema),
  attachments: v.optional(
    v.array(
      v.strictObject({
        filename: v.optional(v.string()),
        content: ContentSchema,
        encoding: v.optional(v.string()),
        contentType: v.optional(v.string()),
        contentDisposition: v.optional(v.picklist(['attachment', 'inline'])),
        cid: v.optional(v.string()),
        headers: v.optional(HeadersSchema),
      }),
    ),
  ),
  headers: v.optional(HeadersSchema),
  inReplyTo: v.optional(v.string()),
  references: v.optional(v.union([v.string(), v.array(v.string())])),
  priority: v.optional(v.picklist(['high', 'normal', 'low'])),
});

/** A queued message's content, as stored. */
export type StoredMessage = v.InferOutput<typeof StoredMessageSchema>;

/** Why a stored message cannot be sent: its content does not open with the configured keys, or is not a message this version reads. */
export class StoredMessageError extends Error {
  override readonly name = 'StoredMessageError';

  constructor(
    /** `unreadable`: sealed with a key this process lacks (or tampered with); `invalid`: opened, but not a stored message. */
    readonly reason: 'unreadable' | 'invalid',
  ) {
    super(
      reason === 'unreadable'
        ? 'smtp-settings: a queued message could not be decrypted with the configured keys'
        : 'smtp-settings: a queued message is not in a form this version can send',
    );
  }
}

/** What a sealed message is bound to, so it cannot be swapped for another tenant's or another message's. */
function bindingOf(tenant: string, id: string) {
  return { tenant, field: `delivery:${id}` };
}

/** Seals a message's JSON for the store, bound to its tenant and id. */
export function sealMessage(secrets: SecretBox, tenant: string, id: string, json: string): string {
  return secrets.seal(json, bindingOf(tenant, id));
}

/**
 * A stored message sealed again with the primary key, or `undefined` when the primary key sealed it
 * already: what a key rotation writes back, without reading the message itself.
 *
 * @throws StoredMessageError `unreadable` when it cannot be opened with the configured keys.
 */
export function resealMessage(
  secrets: SecretBox,
  tenant: string,
  id: string,
  sealed: string,
): string | undefined {
  if (secrets.isSealedWithPrimary(sealed)) return undefined;
  return sealMessage(secrets, tenant, id, openJson(secrets, tenant, id, sealed));
}

/**
 * Opens a stored message and turns it into what the mailer sends, bytes back into Buffers.
 *
 * @throws StoredMessageError when it cannot be opened or read.
 */
export function openMessage(secrets: SecretBox, tenant: string, id: string, sealed: string): MailerMessage {
  const json = openJson(secrets, tenant, id, sealed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new StoredMessageError('invalid');
  }
  const result = v.safeParse(StoredMessageSchema, parsed);
  if (!result.success) throw new StoredMessageError('invalid');
  return toMailerMessage(result.output);
}

function openJson(secrets: SecretBox, tenant: string, id: string, sealed: string): string {
  try {
    return secrets.open(sealed, bindingOf(tenant, id));
  } catch {
    throw new StoredMessageError('unreadable');
  }
}

function toMailerMessage(stored: StoredMessage): MailerMessage {
  const { text, html, attachments, ...rest } = stored;
  return {
    ...rest,
    ...(text !== undefined && { text: contentOf(text) }),
    ...(html !== undefined && { html: contentOf(html) }),
    ...(attachments && {
      attachments: attachments.map((attachment) => ({
        ...attachment,
        content: contentOf(attachment.content),
      })),
    }),
  };
}

function contentOf(content: StoredContent): string | Buffer {
  return typeof content === 'string' ? content : Buffer.from(content.base64, 'base64');
}
