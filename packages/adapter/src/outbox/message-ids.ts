import { newMessageId } from '../mailer/message-id.js';
import { createRevisionReads, type RevisionReads } from '../mailer/revision-reads.js';
import { setNewest } from '../newest-entries.js';
import type { SettingsStore } from '../stores/store.js';

/** How many tenants' From Emails are kept, least recently enqueued for first out. */
const TENANTS_KEPT = 1_000;

interface Tenant {
  revisions: RevisionReads;
  /** The settings last read, with the revision they were read at. */
  read?: Promise<{ revision: number; fromEmail: unknown }>;
}

/** Makes the Message-IDs of enqueued messages. */
export interface MessageIds {
  /** A new Message-ID for `tenant`, with the domain of the From Email of its settings as saved now. */
  next(tenant: string): Promise<string>;
}

/**
 * Creates the outbox's Message-ID maker: the domain of each tenant's From Email is read once per
 * settings revision, and the revision itself in reads shared by the enqueues waiting at the same time
 * (`createRevisionReads`), so a burst of enqueues reads a revision per round trip instead of the whole
 * record per message, and a save still changes the domain of the very next enqueue.
 *
 * @example
 * ```ts
 * const messageIds = createMessageIds(store, 'mail.example.com');
 * const messageId = await messageIds.next('acme'); // '<0f8e…@acme.example>'
 * ```
 */
export function createMessageIds(store: SettingsStore, fallbackDomain: string): MessageIds {
  const tenants = new Map<string, Tenant>();

  function tenantOf(name: string): Tenant {
    const tenant = tenants.get(name) ?? { revisions: createRevisionReads(() => store.getRevision(name)) };
    // Set again on every use, so the map's order is the order of use.
    setNewest(tenants, name, tenant, TENANTS_KEPT);
    return tenant;
  }

  return {
    async next(name) {
      const tenant = tenantOf(name);
      const revision = await tenant.revisions.read();
      let read = tenant.read;
      if (read === undefined || (await read).revision !== revision) {
        read = store.get(name).then((record) => ({
          revision: record?.revision ?? 0,
          fromEmail: record?.settings.fromEmail,
        }));
        tenant.read = read;
      }
      return newMessageId((await read).fromEmail, fallbackDomain);
    },
  };
}
