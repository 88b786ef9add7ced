import type { DeliveryAttempt } from '@smtp-settings/schema';
import {
  type ClaimedDelivery,
  type ContentResealing,
  type DeliveryRecord,
  type DeliveryStore,
  deliveryPageLimit,
  type SealedContent,
  type StoredDeliveryStatus,
  type TenantHold,
} from '../outbox/delivery-store.js';
import type { TenantTurns, TurnState } from '../outbox/tenant-turns.js';
import { DeliveryCursorError, deliveryCursor, parseDeliveryCursor } from './delivery-cursor.js';

interface Entry {
  record: DeliveryRecord;
  content: string | null;
  attempts: DeliveryAttempt[];
  lease?: { owner: string; until: string };
  /** When it was last handed over or resent: where its retry horizon starts. */
  queuedAt: string;
  /** Insertion order, the tie-breaker of equal times as a row id is in SQL. */
  seq: number;
  /** Claimed after a lease ran out, and not tried since: the server may have it already. */
  interrupted?: boolean;
}

const FINISHED: ReadonlySet<StoredDeliveryStatus> = new Set(['sent', 'failed', 'discarded']);
const WAITING: ReadonlySet<StoredDeliveryStatus> = new Set(['queued', 'retrying']);

/**
 * The delivery log and queue of {@link memoryStore}, in process memory: lost on restart, for tests and
 * demos. Every operation checks and writes in one turn, so concurrent calls cannot interleave.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...memoryDeliveries() };
 * ```
 */
export function memoryDeliveries(): DeliveryStore & ContentResealing & TenantTurns {
  const entries = new Map<string, Entry>();
  const keys = new Map<string, string>();
  const holds = new Map<string, TenantHold>();
  const turns = new Map<string, { lease?: { owner: string; until: string }; state: TurnState }>();
  /** The messages waiting or being sent: all that claims, wake-ups and expiry look at. */
  const open = new Set<Entry>();
  let seq = 0;
  /** Keeps `open` in step with an entry's status, after every change of it. */
  const track = (entry: Entry) => {
    if (WAITING.has(entry.record.status) || entry.record.status === 'sending') open.add(entry);
    else open.delete(entry);
  };

  const copy = (record: DeliveryRecord): DeliveryRecord => structuredClone(record);
  const ownEntry = (tenant: string, id: string) => {
    const entry = entries.get(id);
    return entry?.record.tenant === tenant ? entry : undefined;
  };
  // A message is claimable when due and not leased, or leased by a worker whose lease ran out.
  const claimable = (entry: Entry, now: string) => {
    const { status, dueAt } = entry.record;
    if (status === 'sending') return entry.lease !== undefined && entry.lease.until <= now;
    return (status === 'queued' || status === 'retrying') && dueAt !== undefined && dueAt <= now;
  };
  const dueTime = (entry: Entry) =>
    entry.record.status === 'sending' ? entry.lease?.until : entry.record.dueAt;
  /** Whether `a` is due before `b`, the one added first when they are due at once. */
  const before = (a: Entry, b: Entry) => (compare(dueTime(a), dueTime(b)) || a.seq - b.seq) < 0;

  return {
    async addDelivery(delivery) {
      if (delivery.status === 'queued' && typeof delivery.content !== 'string')
        throw new TypeError(NO_CONTENT);
      const key = delivery.idempotencyKey && `${delivery.tenant}\u0000${delivery.idempotencyKey}`;
      const existing = key ? keys.get(key) : undefined;
      if (existing) return { id: existing, created: false };
      if (entries.has(delivery.id)) throw new Error(ID_TAKEN);
      const { content, attempt, dueAt, ...fields } = delivery;
      const record: DeliveryRecord = {
        ...structuredClone(fields),
        updatedAt: delivery.createdAt,
        attempts: attempt ? 1 : 0,
        ...(delivery.status === 'queued' && { dueAt: dueAt ?? delivery.createdAt }),
        ...(delivery.status === 'sent' && { sentAt: attempt?.at ?? delivery.createdAt }),
        ...(attempt?.failure && { failure: structuredClone(attempt.failure) }),
      };
      const entry: Entry = {
        record,
        // A message sent already has no use for its content.
        content: delivery.status === 'sent' ? null : content,
        attempts: attempt ? [structuredClone(attempt)] : [],
        queuedAt: delivery.createdAt,
        seq: seq++,
      };
      entries.set(delivery.id, entry);
      track(entry);
      if (key) keys.set(key, delivery.id);
      return { id: delivery.id, created: true };
    },

    async claimDeliveries({ now, limit, perTenant, owner, leaseUntil, skipTenants, tenants }) {
      const skip = new Set(skipTenants);
      const only = tenants && new Set(tenants);
      // Each tenant's oldest due first, at most as many as it may take: kept in order while scanning, so a
      // claim of a few from a long queue never sorts the queue.
      const take = Math.min(perTenant, limit);
      const byTenant = new Map<string, Entry[]>();
      for (const entry of open) {
        if (take <= 0 || !claimable(entry, now)) continue;
        if (skip.has(entry.record.tenant) || (only && !only.has(entry.record.tenant))) continue;
        const list = byTenant.get(entry.record.tenant) ?? [];
        byTenant.set(entry.record.tenant, list);
        if (list.length === take && !before(entry, list[take - 1] as Entry)) continue;
        let at = list.length;
        while (at > 0 && before(entry, list[at - 1] as Entry)) at -= 1;
        list.splice(at, 0, entry);
        if (list.length > take) list.pop();
      }
      // Then tenants in turn: the first of each, the second of each, …
      const ranked: Array<{ entry: Entry; rank: number }> = [];
      for (const list of byTenant.values()) {
        list.forEach((entry, rank) => {
          ranked.push({ entry, rank });
        });
      }
      ranked.sort((a, b) => a.rank - b.rank || (before(a.entry, b.entry) ? -1 : 1));
      return ranked.slice(0, limit).map(({ entry }) => {
        const reclaimed = entry.record.status === 'sending' || entry.interrupted === true;
        entry.interrupted = reclaimed;
        entry.record.status = 'sending';
        entry.record.updatedAt = now;
        // While it is being sent, nothing is due: its lease says when it may be claimed again.
        delete entry.record.dueAt;
        entry.lease = { owner, until: leaseUntil };
        return {
          ...copy(entry.record),
          content: entry.content as string,
          reclaimed,
        } satisfies ClaimedDelivery;
      });
    },

    async finishAttempt(id, owner, result, now) {
      const entry = entries.get(id);
      if (entry?.record.status !== 'sending' || entry.lease?.owner !== owner) return false;
      const { record } = entry;
      entry.lease = undefined;
      record.updatedAt = now;
      record.status = result.status;
      track(entry);
      if (result.status === 'queued' || result.status === 'retrying') record.dueAt = result.dueAt;
      else delete record.dueAt;
      if (result.attempt === undefined) return true;
      entry.interrupted = false;
      entry.attempts.push(structuredClone(result.attempt));
      record.attempts = entry.attempts.length;
      if (result.status === 'sent') {
        record.sentAt = result.attempt.at;
        delete record.failure;
        // Delivered: the content has served its purpose and is not kept.
        entry.content = null;
      } else if (result.attempt.failure) {
        record.failure = structuredClone(result.attempt.failure);
      }
      return true;
    },

    async holdTenant(hold) {
      holds.set(hold.tenant, structuredClone(hold));
    },

    async releaseTenant(tenant, now) {
      holds.delete(tenant);
      for (const { record } of open) {
        if (record.tenant !== tenant) continue;
        if (record.status === 'retrying' && (record.dueAt === undefined || record.dueAt > now)) {
          record.dueAt = now;
        }
      }
    },

    async listHolds() {
      return [...holds.values()].map((hold) => structuredClone(hold));
    },

    async nextDueAt(skipTenants) {
      const skip = new Set(skipTenants);
      let next: string | undefined;
      for (const entry of open) {
        if (skip.has(entry.record.tenant)) continue;
        const due = dueTime(entry);
        if (due !== undefined && (next === undefined || due < next)) next = due;
      }
      return next;
    },

    async listDeliveries(tenant, { status, recipient, cursor, limit }) {
      const after = cursor === undefined ? undefined : parseDeliveryCursor(cursor);
      if (cursor !== undefined && after === undefined) throw new DeliveryCursorError();
      const wanted = recipient?.toLowerCase();
      const statuses =
        status === undefined ? undefined : new Set(typeof status === 'string' ? [status] : status);
      const size = deliveryPageLimit(limit);
      const page = [...entries.values()]
        .filter(({ record }) => record.tenant === tenant)
        .filter(({ record }) => statuses === undefined || statuses.has(record.status))
        .filter(
          ({ record }) =>
            wanted === undefined ||
            [...record.to, ...record.cc, ...record.bcc].some((address) => address.toLowerCase() === wanted),
        )
        .sort((a, b) => compare(b.record.createdAt, a.record.createdAt) || b.seq - a.seq)
        .filter(
          ({ record, seq }) =>
            after === undefined ||
            record.createdAt < after.createdAt ||
            (record.createdAt === after.createdAt && seq < after.seq),
        )
        .slice(0, size + 1);
      const more = page.length > size;
      const shown = page.slice(0, size);
      const last = shown.at(-1);
      return {
        deliveries: shown.map(({ record }) => copy(record)),
        ...(more && last && { nextCursor: deliveryCursor(last.record.createdAt, last.seq) }),
      };
    },

    async getDelivery(tenant, id) {
      const entry = ownEntry(tenant, id);
      return entry ? { delivery: copy(entry.record), attempts: structuredClone(entry.attempts) } : null;
    },

    async countDeliveries(tenant, since) {
      const counts = { queued: 0, sending: 0, retrying: 0, sent: 0, failed: 0, discarded: 0 };
      let waiting = 0;
      let lastSuccessAt: string | undefined;
      let lastFailure: { at: string; failure: NonNullable<DeliveryAttempt['failure']> } | undefined;
      for (const { record, attempts } of entries.values()) {
        if (record.tenant !== tenant) continue;
        if (record.createdAt >= since) counts[record.status] += 1;
        if (WAITING.has(record.status)) waiting += 1;
        for (const attempt of attempts) {
          if (attempt.outcome === 'sent') {
            if (!lastSuccessAt || attempt.at > lastSuccessAt) lastSuccessAt = attempt.at;
          } else if (attempt.failure && (!lastFailure || attempt.at > lastFailure.at)) {
            lastFailure = { at: attempt.at, failure: attempt.failure };
          }
        }
      }
      return structuredClone({
        counts,
        waiting,
        ...(lastSuccessAt && { lastSuccessAt }),
        ...(lastFailure && { lastFailure }),
      });
    },

    async resendDelivery(tenant, id, now) {
      const entry = ownEntry(tenant, id);
      const { record } = entry ?? {};
      if (!entry || !record || entry.content === null) return null;
      if (record.status !== 'failed' && record.status !== 'discarded') return null;
      record.status = 'queued';
      record.dueAt = now;
      record.updatedAt = now;
      delete record.failure;
      entry.queuedAt = now;
      track(entry);
      return copy(record);
    },

    async discardDelivery(tenant, id, now) {
      const entry = ownEntry(tenant, id);
      if (!entry) return null;
      const { record } = entry;
      if (record.status !== 'queued' && record.status !== 'retrying' && record.status !== 'failed')
        return null;
      record.status = 'discarded';
      delete record.dueAt;
      record.updatedAt = now;
      track(entry);
      return copy(record);
    },

    async expireDeliveries(queuedBefore, failure, now) {
      let expired = 0;
      for (const entry of open) {
        const { record, queuedAt } = entry;
        if (!WAITING.has(record.status) || queuedAt >= queuedBefore) continue;
        record.status = 'failed';
        record.failure = structuredClone(failure);
        delete record.dueAt;
        record.updatedAt = now;
        track(entry);
        expired += 1;
      }
      return expired;
    },

    async listSealedContents(after, limit) {
      const from = after === undefined ? -1 : Number(after);
      const page: SealedContent[] = [];
      // The map keeps insertion order, which is the order of `seq`.
      for (const [id, entry] of entries) {
        if (page.length >= limit) break;
        if (entry.seq <= from || entry.content === null) continue;
        page.push({ cursor: String(entry.seq), id, tenant: entry.record.tenant, content: entry.content });
      }
      return page;
    },

    async resealContent(id, previous, next) {
      const entry = entries.get(id);
      if (entry?.content !== previous) return false;
      entry.content = next;
      return true;
    },

    async purgeDeliveries(before) {
      let purged = 0;
      for (const [id, { record }] of entries) {
        if (!FINISHED.has(record.status) || record.updatedAt >= before) continue;
        entries.delete(id);
        if (record.idempotencyKey) keys.delete(`${record.tenant}\u0000${record.idempotencyKey}`);
        purged += 1;
      }
      return purged;
    },

    async takeTurn({ tenant, owner, until, now }) {
      const turn = turns.get(tenant) ?? { state: { recent: [] } };
      if (turn.lease && turn.lease.until > now && turn.lease.owner !== owner) return null;
      turn.lease = { owner, until };
      turns.set(tenant, turn);
      return structuredClone(turn.state);
    },

    async endTurn(tenant, owner, state) {
      const turn = turns.get(tenant);
      if (turn?.lease?.owner !== owner) return;
      turns.set(tenant, { state: structuredClone(state) });
    },

    async waitingTenants({ tenant, limit }) {
      const soonest = new Map<string, string>();
      for (const entry of open) {
        const due = dueTime(entry);
        const { tenant: of } = entry.record;
        if (due === undefined || (tenant !== undefined && of !== tenant)) continue;
        if (compare(due, soonest.get(of)) < 0) soonest.set(of, due);
      }
      return [...soonest]
        .map(([of, dueAt]) => ({ tenant: of, dueAt }))
        .sort((a, b) => compare(a.dueAt, b.dueAt) || (a.tenant < b.tenant ? -1 : 1))
        .slice(0, limit);
    },
  };
}

const NO_CONTENT = 'smtp-settings: a queued delivery needs its sealed content, or no attempt could send it';
const ID_TAKEN = 'smtp-settings: a delivery with this id exists already';

/** Compares ISO 8601 UTC times (or their absence, which sorts last) as text, as the SQL stores do. */
function compare(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}
