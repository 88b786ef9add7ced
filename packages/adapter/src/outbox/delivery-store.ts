import type { DeliveryAttempt, DeliveryFailure, DeliverySource, DeliveryStatus } from '@smtp-settings/schema';

/**
 * The statuses a store keeps. `held` is not among them: a message of a held tenant keeps `queued` or
 * `retrying`, and shows as held while the tenant's hold lasts (see {@link TenantHold}).
 */
export type StoredDeliveryStatus = Exclude<DeliveryStatus, 'held'>;

/** A message as the delivery log keeps it: metadata in the clear, never its content. */
export interface DeliveryRecord {
  /** Random, unguessable id. */
  id: string;
  /** Whose settings send it; every lookup is tenant-scoped. */
  tenant: string;
  /** Who handed it over. */
  source: DeliverySource;
  /** Where it stands. */
  status: StoredDeliveryStatus;
  /** The host's key that makes enqueueing the same message twice store it once, if it gave one. */
  idempotencyKey?: string;
  /** ISO 8601 in UTC, as `Date#toISOString()` writes it (all times here are). */
  createdAt: string;
  /** When its status last changed. */
  updatedAt: string;
  /** When the next attempt is due, for `queued` and `retrying` only. */
  dueAt?: string;
  /** How many attempts were made. */
  attempts: number;
  /** The Message-ID, made when it was handed over and sent with every attempt. */
  messageId: string;
  /** Recipients. */
  to: string[];
  /** Copy recipients. */
  cc: string[];
  /** Blind copy recipients. */
  bcc: string[];
  /** Subject. */
  subject: string;
  /** When it was sent. */
  sentAt?: string;
  /** The last attempt's failure, for `retrying` and `failed` (or `EXPIRED`). */
  failure?: DeliveryFailure;
}

/** A message to add to the log: queued for the outbox, or already sent or failed by `mailer.send()`. */
export interface NewDelivery
  extends Omit<DeliveryRecord, 'status' | 'updatedAt' | 'attempts' | 'sentAt' | 'failure' | 'dueAt'> {
  /** `queued` for the outbox; `sent` or `failed` for a direct send, which comes with its one attempt. */
  status: 'queued' | 'sent' | 'failed';
  /** For `queued`: when the first attempt is due (now, or the host's `notBefore`). */
  dueAt?: string;
  /** The content, sealed (`SecretBox`, bound to the tenant and `delivery:<id>`); required for `queued`, `null` for a direct send, whose content is never kept. */
  content: string | null;
  /** For a direct send: its one attempt. */
  attempt?: DeliveryAttempt;
}

/** What {@link DeliveryStore.addDelivery} did. */
export interface AddedDelivery {
  /** The id stored: the new one, or the one stored before under the same idempotency key. */
  id: string;
  /** `false` when the tenant already had a message with this idempotency key, which was kept as it is. */
  created: boolean;
}

/** A message claimed for an attempt, with its sealed content. */
export interface ClaimedDelivery extends DeliveryRecord {
  /** The content, sealed. */
  content: string;
  /**
   * `true` when it was `sending` under a lease that ran out: the worker that claimed it before stopped
   * mid-send (or outlasted its lease), so the server may have it already. It stays `true` through claims
   * that give the message back untried, until an attempt is recorded.
   */
  reclaimed: boolean;
}

/** What {@link DeliveryStore.claimDeliveries} may take. */
export interface ClaimRequest {
  /** Now: messages due at or before it are claimable, and so are those whose lease ran out before it. */
  now: string;
  /** Claim at most this many. */
  limit: number;
  /** And at most this many of one tenant, taking tenants in turn, so one tenant's burst cannot starve the others. */
  perTenant: number;
  /** Who claims: the same owner must finish the attempt. */
  owner: string;
  /** Until when the claim holds; after it another worker may claim the message again (its process may have died). */
  leaseUntil: string;
  /** Tenants not to claim from: held ones, and those at their rate limit. */
  skipTenants: readonly string[];
  /**
   * When given, claim only from these tenants: the worker keeps feeding the tenants whose mailers have
   * connections open, as opening one costs a greeting and a login.
   */
  tenants?: readonly string[];
}

/**
 * How an attempt ended, as {@link DeliveryStore.finishAttempt} records it: `sent` drops the content;
 * `retrying` and `failed` record the attempt; `queued` puts the message back to wait, after an attempt
 * that found the settings broken (outcome `held`), or untried (the tenant is held or at its rate limit).
 */
export type AttemptResult =
  | { status: 'sent'; attempt: DeliveryAttempt }
  | { status: 'retrying'; attempt: DeliveryAttempt; dueAt: string }
  | { status: 'failed'; attempt: DeliveryAttempt }
  | { status: 'queued'; dueAt: string; attempt?: DeliveryAttempt };

/** A tenant whose mail waits because its settings are broken, until an admin saves new ones. */
export interface TenantHold {
  /** The tenant. */
  tenant: string;
  /** Why: the attempt's failure (e.g. `AUTH_FAILED`) or `NOT_CONFIGURED`. */
  failure: DeliveryFailure;
  /** Since when, ISO 8601. */
  since: string;
  /** The settings revision that failed: a save moves the revision on, and that ends the hold. */
  revision: number;
}

/** What {@link DeliveryStore.listDeliveries} returns. */
export interface DeliveryQuery {
  /** Only messages with this stored status, or with one of these (`['queued', 'retrying']`: a held tenant's waiting ones). */
  status?: StoredDeliveryStatus | readonly StoredDeliveryStatus[] | undefined;
  /** Only messages to this address (to, cc or bcc), compared without case. */
  recipient?: string | undefined;
  /** The `nextCursor` of the page before. */
  cursor?: string | undefined;
  /** At most this many; clamped to 1..{@link MAX_DELIVERY_PAGE}. */
  limit: number;
}

/** The most messages one page of {@link DeliveryStore.listDeliveries} holds. */
export const MAX_DELIVERY_PAGE = 200;

/** The page size a store uses for `limit`, so every store clamps the same way. */
export function deliveryPageLimit(limit: number): number {
  if (Number.isNaN(limit)) return 1;
  return Math.min(MAX_DELIVERY_PAGE, Math.max(1, Math.floor(limit)));
}

/** What a delivery summary counts. */
export interface DeliveryCounts {
  /** Messages created since the period began, by their stored status. */
  counts: Record<StoredDeliveryStatus, number>;
  /** Messages `queued` or `retrying` now, whenever created: what waits while the tenant is held. */
  waiting: number;
  /** When a message was last sent. */
  lastSuccessAt?: string;
  /** The last attempt that did not deliver (outcome `retry`, `held` or `failed`). */
  lastFailure?: { at: string; failure: DeliveryFailure };
}

/**
 * Where the outbox keeps messages: the delivery log (metadata, attempts) and, for the embedded engine,
 * the queue itself (due times, leases, holds). The memory, SQLite and PostgreSQL stores implement it in
 * the same place as the settings; a queue engine (pg-boss, BullMQ) may later schedule the attempts while
 * the log stays here. Every lookup is tenant-scoped; every write is atomic.
 */
export interface DeliveryStore {
  /** Adds a message; with an idempotency key the tenant already used, keeps the first one and says so. A `queued` message without content is refused (TypeError): no attempt could send it. */
  addDelivery(delivery: NewDelivery): Promise<AddedDelivery>;
  /** Claims due messages for an attempt (status `sending`, a lease until `leaseUntil`), oldest due first, tenants in turn. */
  claimDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]>;
  /** Records how the attempt of `owner` ended; `false` (and nothing written) when the lease passed to another owner. */
  finishAttempt(id: string, owner: string, result: AttemptResult, now: string): Promise<boolean>;
  /** Holds a tenant's mail (replacing an earlier hold of the tenant). */
  holdTenant(hold: TenantHold): Promise<void>;
  /**
   * Ends a tenant's hold: its `retrying` messages are due at once, not at their next backoff step; a
   * `queued` one keeps its due time, which is the host's `notBefore` (or a rate slot) when it is later.
   */
  releaseTenant(tenant: string, now: string): Promise<void>;
  /** Every tenant on hold. */
  listHolds(): Promise<TenantHold[]>;
  /** The soonest due time among messages not of `skipTenants`, or of a lease running out; `undefined` when nothing waits. */
  nextDueAt(skipTenants: readonly string[]): Promise<string | undefined>;
  /** A page of a tenant's messages, newest first. */
  listDeliveries(
    tenant: string,
    query: DeliveryQuery,
  ): Promise<{ deliveries: DeliveryRecord[]; nextCursor?: string }>;
  /** One message of a tenant with its attempts, oldest first; `null` when there is none (or it is another tenant's). */
  getDelivery(
    tenant: string,
    id: string,
  ): Promise<{ delivery: DeliveryRecord; attempts: DeliveryAttempt[] } | null>;
  /** Counts a tenant's messages created since `since` and those waiting now, with the last success and failure. */
  countDeliveries(tenant: string, since: string): Promise<DeliveryCounts>;
  /** Queues a `failed` or `discarded` message again, due now, with its attempts kept and its failure cleared; its retry horizon starts again now. `null` when it is not one (or its content is gone). */
  resendDelivery(tenant: string, id: string, now: string): Promise<DeliveryRecord | null>;
  /** Discards a `queued`, `retrying` or `failed` message; `null` when it is not one. */
  discardDelivery(tenant: string, id: string, now: string): Promise<DeliveryRecord | null>;
  /**
   * Fails every `queued` or `retrying` message queued before `queuedBefore` with `failure` (`EXPIRED`); answers how many.
   * A message is queued when it is added, and again when an admin resends it, so a resent message gets a whole horizon.
   */
  expireDeliveries(queuedBefore: string, failure: DeliveryFailure, now: string): Promise<number>;
  /** Deletes `sent`, `failed` and `discarded` messages last changed before `before`, with their attempts and content; answers how many. */
  purgeDeliveries(before: string): Promise<number>;
}

/** A message's kept content, sealed, as {@link ContentResealing.listSealedContents} pages through them. */
export interface SealedContent {
  /** Where the next page starts: pass it as `after`. */
  cursor: string;
  /** The message's id. */
  id: string;
  /** Whose message it is: the content is sealed for this tenant. */
  tenant: string;
  /** The content, sealed (`SecretBox`, bound to the tenant and `delivery:<id>`). */
  content: string;
}

/**
 * What a key rotation needs of a delivery store: every message that still keeps its sealed content
 * (waiting, failed or discarded), and a write that replaces it only while nothing else changed it. The
 * memory, SQLite and PostgreSQL stores have it.
 */
export interface ContentResealing {
  /** Up to `limit` messages with kept content, in the order they were added, from after `after` (`undefined`: the first page). */
  listSealedContents(after: string | undefined, limit: number): Promise<SealedContent[]>;
  /**
   * Replaces a message's sealed content with `next`, the same message sealed anew, only while it is still
   * `previous` (a message sent meanwhile has dropped it). Answers whether it did.
   */
  resealContent(id: string, previous: string, next: string): Promise<boolean>;
}
