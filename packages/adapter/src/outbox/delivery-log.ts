import {
  DELIVERY_STATUSES,
  type DeliveryDetailResponse,
  type DeliveryListResponse,
  type DeliveryStatus,
  type DeliverySummaryResponse,
  type DeliveryView,
} from '@smtp-settings/schema';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import type { Logger } from '../logger.js';
import { logSecurityEvent } from '../security/security-log.js';
import { DeliveryCursorError } from '../stores/delivery-cursor.js';
import type { SettingsStore } from '../stores/store.js';
import { isDeliveryId } from './delivery-id.js';
import type { DeliveryRecord, DeliveryStore, TenantHold } from './delivery-store.js';
import { isWaiting, toDeliveryView } from './delivery-view.js';
import { heldPage } from './held-page.js';
import { type OutboxWaker, wakeOutbox } from './outbox-waker.js';

const DAY_MS = 24 * 60 * 60_000;
// Counting from here counts every message a tenant has: the waiting ones of a hold, whatever their age.
const EPOCH = new Date(0).toISOString();

/** Who acts on the log: the tenant whose messages it is, and the admin, for the security log. */
export interface DeliveryCaller {
  /** Whose log, from the `tenant` hook. */
  tenant: string;
  /** Who acts, from the `actor` hook. */
  actor: string;
}

/** What `GET /deliveries` asks for, checked. */
export interface DeliveryListQuery {
  /** Only messages that show this status. */
  status?: DeliveryStatus | undefined;
  /** Only messages to this address (to, cc or bcc), compared without case. */
  recipient?: string | undefined;
  /** The `nextCursor` of the page before. */
  cursor?: string | undefined;
  /** At most this many (1..200). */
  limit: number;
}

/** What {@link createDeliveryLog} uses. */
export interface DeliveryLogOptions {
  /** The store, which keeps the delivery log next to the settings (whose revision ends a hold). */
  store: DeliveryStore & Pick<SettingsStore, 'getRevision'>;
  /** Now, for the summary's 24 hours and the time of a resend or discard. */
  clock: () => Date;
  /** Where resends and discards are reported as security events. */
  logger: Logger;
  /** The outbox to wake after a resend, when it runs in this process. */
  outbox?: OutboxWaker | undefined;
}

/** What the delivery routes do with a tenant's log, so each handler only validates, calls and responds. */
export interface DeliveryLog {
  /** A page of the tenant's messages, newest first. */
  list(tenant: string, query: DeliveryListQuery): Promise<DeliveryListResponse>;
  /** How mail went over the last 24 hours, and the hold, if any. */
  summary(tenant: string): Promise<DeliverySummaryResponse>;
  /** One message with its attempts; 404 for an unknown id or another tenant's. */
  detail(tenant: string, id: string): Promise<DeliveryDetailResponse>;
  /** Queues a failed or discarded message again, due now; 404, or 409 `DELIVERY_NOT_RESENDABLE`. */
  resend(caller: DeliveryCaller, id: string): Promise<DeliveryDetailResponse>;
  /** Discards a message that waits or failed; 404, or 409 `DELIVERY_NOT_DISCARDABLE`. */
  discard(caller: DeliveryCaller, id: string): Promise<DeliveryDetailResponse>;
}

/**
 * The delivery log as the admin sees it, over a {@link DeliveryStore}: store records become
 * {@link DeliveryView}s, where a held tenant's waiting messages show as `held` with the hold's reason.
 * A hold counts while the settings it failed with are still the saved ones: a save (which moves the
 * revision) ends it here at once, before the outbox gets round to releasing it.
 *
 * @example
 * ```ts
 * const log = createDeliveryLog({ store, clock, logger, outbox });
 * const page = await log.list('acme', { status: 'failed', limit: 50 });
 * ```
 */
export function createDeliveryLog({ store, clock, logger, outbox }: DeliveryLogOptions): DeliveryLog {
  async function holdOf(tenant: string): Promise<TenantHold | undefined> {
    const [holds, revision] = await Promise.all([store.listHolds(), store.getRevision(tenant)]);
    const hold = holds.find((candidate) => candidate.tenant === tenant);
    return hold && revision <= hold.revision ? hold : undefined;
  }

  async function page(tenant: string, query: DeliveryListQuery, hold: TenantHold | undefined) {
    const { status, ...rest } = query;
    if (status === 'held') return hold ? heldPage(store, tenant, rest) : { deliveries: [] };
    // Held, these show as `held` rather than as themselves.
    if (hold && status !== undefined && isWaiting(status)) return { deliveries: [] };
    return store.listDeliveries(tenant, { ...rest, status });
  }

  async function detailOf(tenant: string, id: string): Promise<DeliveryDetailResponse | undefined> {
    if (!isDeliveryId(id)) return undefined;
    const [found, hold] = await Promise.all([store.getDelivery(tenant, id), holdOf(tenant)]);
    return found ? { delivery: toDeliveryView(found.delivery, hold), attempts: found.attempts } : undefined;
  }

  /** Runs an admin's action on one message and reports it as a security event, refusals included. */
  async function act(
    event: 'delivery_resend' | 'delivery_discard',
    { tenant, actor }: DeliveryCaller,
    id: string,
    change: (now: string) => Promise<DeliveryRecord | null>,
    refusal: (delivery: DeliveryView) => ApiError,
  ): Promise<DeliveryDetailResponse> {
    const report = (outcome: string) =>
      logSecurityEvent(logger, {
        event,
        tenant,
        actor,
        outcome,
        // An id of another shape is the caller's bytes, not a message's: it stays out of the log.
        ...(isDeliveryId(id) && { deliveryId: id }),
      });
    const changed = isDeliveryId(id) ? await change(clock().toISOString()) : null;
    const detail = await detailOf(tenant, id);
    if (!detail) {
      report('NOT_FOUND');
      throw notFound();
    }
    if (!changed) {
      const error = refusal(detail.delivery);
      report(error.code);
      throw error;
    }
    report(event === 'delivery_resend' ? 'resent' : 'discarded');
    return detail;
  }

  return {
    async list(tenant, query) {
      const hold = await holdOf(tenant);
      try {
        const { deliveries, nextCursor } = await page(tenant, query, hold);
        return {
          deliveries: deliveries.map((record) => toDeliveryView(record, hold)),
          ...(nextCursor !== undefined && { nextCursor }),
        };
      } catch (error) {
        if (error instanceof DeliveryCursorError) {
          throw new ApiError(400, 'VALIDATION_FAILED', notice('error.fieldsInvalid'), {
            cursor: 'Use the nextCursor of a page with the same filters',
          });
        }
        throw error;
      }
    },

    async summary(tenant) {
      const since = new Date(clock().getTime() - DAY_MS).toISOString();
      const [counted, hold] = await Promise.all([store.countDeliveries(tenant, since), holdOf(tenant)]);
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const [status, count] of Object.entries(counted.counts)) {
        counts[hold && isWaiting(status) ? 'held' : (status as DeliveryStatus)] += count;
      }
      let held: DeliverySummaryResponse['held'];
      if (hold) {
        const { counts: all } = await store.countDeliveries(tenant, EPOCH);
        held = { failure: hold.failure, since: hold.since, waiting: all.queued + all.retrying };
      }
      return {
        since,
        counts,
        ...(held && { held }),
        ...(counted.lastSuccessAt !== undefined && { lastSuccessAt: counted.lastSuccessAt }),
        ...(counted.lastFailure !== undefined && { lastFailure: counted.lastFailure }),
      };
    },

    async detail(tenant, id) {
      const detail = await detailOf(tenant, id);
      if (!detail) throw notFound();
      return detail;
    },

    async resend(caller, id) {
      const detail = await act(
        'delivery_resend',
        caller,
        id,
        (now) => store.resendDelivery(caller.tenant, id, now),
        notResendable,
      );
      wakeOutbox(outbox, { logger, tenant: caller.tenant, what: 'a resend' });
      return detail;
    },

    discard(caller, id) {
      return act(
        'delivery_discard',
        caller,
        id,
        (now) => store.discardDelivery(caller.tenant, id, now),
        notDiscardable,
      );
    },
  };
}

function notFound(): ApiError {
  return new ApiError(404, 'NOT_FOUND', notice('error.deliveryNotFound'));
}

function notResendable({ source, status }: DeliveryView): ApiError {
  const why =
    source === 'mailer'
      ? notice('error.resendMailer')
      : status === 'sent'
        ? notice('error.resendSent')
        : status === 'failed' || status === 'discarded'
          ? notice('error.resendContentGone')
          : notice('error.resendNotFailed', { status });
  return new ApiError(409, 'DELIVERY_NOT_RESENDABLE', why);
}

function notDiscardable({ status }: DeliveryView): ApiError {
  const why =
    status === 'sending' ? notice('error.discardSending') : notice('error.discardFinished', { status });
  return new ApiError(409, 'DELIVERY_NOT_DISCARDABLE', why);
}
