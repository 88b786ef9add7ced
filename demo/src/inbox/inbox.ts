import { randomUUID } from 'node:crypto';
import type { AcceptedMail } from '../dev-smtp/dev-smtp-server.js';
import { parseMessage } from './parse-message.js';

/** One line of the inbox list. */
export interface InboxSummary {
  /** Stable ID for `GET /demo/inbox/:id`. */
  id: string;
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
  /** Parses and keeps an accepted message, dropping the oldest beyond the limit, and tells subscribers. */
  add(mail: AcceptedMail): InboxMessage;
  /** Summaries, newest first. */
  list(): InboxSummary[];
  /** One message, or `undefined` when unknown or dropped. */
  get(id: string): InboxMessage | undefined;
  /** Empties the inbox. */
  clear(): void;
  /** Calls `listener` with each new message's summary until the returned function is called. */
  subscribe(listener: (summary: InboxSummary) => void): () => void;
}

/**
 * Creates an in-memory inbox that keeps the last `limit` messages.
 *
 * @example
 * const inbox = createInbox();
 * const smtp = await startDevSmtpServer({ ..., onMail: (mail) => inbox.add(mail) });
 */
export function createInbox({ limit = 100, clock = () => new Date() } = {}): Inbox {
  let messages: InboxMessage[] = [];
  const listeners = new Set<(summary: InboxSummary) => void>();

  return {
    add(mail) {
      const parsed = parseMessage(mail.raw);
      const message: InboxMessage = {
        id: randomUUID(),
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
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The list view of a message. */
export function summaryOf({ id, from, to, subject, date }: InboxMessage): InboxSummary {
  return { id, from, to, subject, date };
}
