import { randomUUID } from 'node:crypto';
import type { AcceptedMail } from '../dev-smtp/dev-smtp-server.js';
import { parseMessage } from './parse-message.js';

/** One line of the inbox list. */
export interface InboxSummary {
  /** Stable ID for `GET /demo/inbox/:id`. */
  id: string;
  /** The Message-ID header, when the message has one. */
  messageId?: string;
  /**
   * Which copy of its Message-ID this is: 1 for the first, 2 and up for a duplicate (the same message
   * delivered again, as an at-least-once sender does after a crash). Always 1 without a Message-ID.
   */
  copy: number;
  /** The From header (the envelope sender when the header is missing). */
  from: string;
  /** The envelope recipients. */
  to: string[];
  /** The Subject header. */
  subject: string;
  /** When the dev mail server accepted it, ISO 8601. */
  date: string;
}

/** A whole message as the reading pane shows it. */
export interface InboxMessage extends InboxSummary {
  /** The plain-text body. */
  text: string;
  /** The HTML body, when the message has one. */
  html?: string;
}

/** The mail the dev server captured, newest first, in memory. */
export interface Inbox {
  /** Parses and keeps an accepted message, numbering its copy, dropping the oldest beyond the limit, and tells subscribers. */
  add(mail: AcceptedMail): InboxMessage;
  /** Summaries, newest first. */
  list(): InboxSummary[];
  /** One message, or `undefined` when unknown or dropped. */
  get(id: string): InboxMessage | undefined;
  /** Empties the inbox and forgets the Message-IDs it has seen. */
  clear(): void;
  /** Calls `listener` with each new message's summary until the returned function is called. */
  subscribe(listener: (summary: InboxSummary) => void): () => void;
}

/**
 * Creates an in-memory inbox that keeps the last `limit` messages. It counts the copies of each
 * Message-ID (of the last `10 × limit` it saw, dropped messages included), so a message delivered
 * twice shows as a duplicate rather than as new mail.
 *
 * @example
 * const inbox = createInbox();
 * const smtp = await startDevSmtpServer({ ..., onMail: (mail) => inbox.add(mail) });
 */
export function createInbox({ limit = 100, clock = () => new Date() } = {}): Inbox {
  let messages: InboxMessage[] = [];
  // Message-ID → copies seen, oldest first (a Map keeps insertion order); bounded like the messages.
  const copies = new Map<string, number>();
  const listeners = new Set<(summary: InboxSummary) => void>();

  const countCopy = (messageId: string | undefined): number => {
    if (messageId === undefined) return 1;
    const copy = (copies.get(messageId) ?? 0) + 1;
    copies.delete(messageId);
    copies.set(messageId, copy);
    for (const oldest of copies.keys()) {
      if (copies.size <= limit * 10) break;
      copies.delete(oldest);
    }
    return copy;
  };

  return {
    add(mail) {
      const parsed = parseMessage(mail.raw);
      const message: InboxMessage = {
        id: randomUUID(),
        ...(parsed.messageId !== undefined && { messageId: parsed.messageId }),
        copy: countCopy(parsed.messageId),
        from: parsed.from || mail.from,
        to: mail.to,
        subject: parsed.subject,
        date: clock().toISOString(),
        text: parsed.text,
        ...(parsed.html !== undefined && { html: parsed.html }),
      };
      messages = [message, ...messages].slice(0, limit);
      for (const listener of listeners) listener(summaryOf(message));
      return message;
    },
    list: () => messages.map(summaryOf),
    get: (id) => messages.find((message) => message.id === id),
    clear() {
      messages = [];
      copies.clear();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The list view of a message. */
export function summaryOf({ id, messageId, copy, from, to, subject, date }: InboxMessage): InboxSummary {
  return { id, ...(messageId !== undefined && { messageId }), copy, from, to, subject, date };
}

/** How many of `summaries` are duplicates (a second or later copy of a Message-ID). */
export function countDuplicates(summaries: readonly InboxSummary[]): number {
  return summaries.filter(({ copy }) => copy > 1).length;
}
