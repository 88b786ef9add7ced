import type { SecretBox } from '../crypto/secret-box.js';
import type { ContentResealing } from '../outbox/delivery-store.js';
import { resealMessage, StoredMessageError } from '../outbox/stored-message.js';
import { type ResealCounts, type ResealOutcome, walkPages } from './reseal-walk.js';

/** Options of {@link resealMessages}. */
export interface ResealMessagesOptions {
  /** The store whose kept message contents to walk. */
  store: ContentResealing;
  /** The configured keys, the new primary first: it seals, the older ones open. */
  secrets: SecretBox;
  /** Counts what would be re-sealed, writing nothing. */
  dryRun?: boolean;
  /** Told of each message left as it was because the configured keys cannot open it. */
  onUnreadable?: (message: { id: string; tenant: string }) => void;
  /** Told the counts so far after each page of messages. */
  onProgress?: (counts: Readonly<ResealCounts>) => void;
  /** Messages per page; defaults to 20, as a message may hold up to 25 MiB. */
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 20;

/**
 * Seals the kept content of every message (waiting, failed or discarded) that an older key sealed again
 * with the primary key, one message at a time, each replaced only while it is still what was read. Like
 * {@link resealSettings}, safe to stop anywhere and to run again.
 *
 * @example
 * ```ts
 * const counts = await resealMessages({ store, secrets: createSecretBox([newKey, oldKey]) });
 * ```
 */
export async function resealMessages(options: ResealMessagesOptions): Promise<ResealCounts> {
  const { store, pageSize = DEFAULT_PAGE_SIZE } = options;
  return walkPages({
    page: (after, limit) => store.listSealedContents(after, limit),
    cursorOf: (message) => message.cursor,
    visit: (message) => resealOne(options, message),
    pageSize,
    onProgress: options.onProgress,
  });
}

async function resealOne(
  { store, secrets, dryRun = false, onUnreadable }: ResealMessagesOptions,
  { id, tenant, content }: { id: string; tenant: string; content: string },
): Promise<ResealOutcome> {
  let next: string | undefined;
  try {
    next = resealMessage(secrets, tenant, id, content);
  } catch (error) {
    if (!(error instanceof StoredMessageError)) throw error;
    onUnreadable?.({ id, tenant });
    return 'unreadable';
  }
  if (next === undefined || dryRun) return next === undefined ? 'current' : 'resealed';
  // Refused only when the content changed meanwhile: a message sent since dropped it, nothing is left to do.
  return (await store.resealContent(id, content, next)) ? 'resealed' : 'current';
}
