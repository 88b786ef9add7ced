import * as v from 'valibot';
import { DeliveryCursorError } from '../stores/delivery-cursor.js';
import type { DeliveryRecord, DeliveryStore } from './delivery-store.js';
import { WAITING_STATUSES } from './delivery-view.js';

type WaitingStatus = (typeof WAITING_STATUSES)[number];

/** Where each list stopped: absent from its start, a store cursor after it, `false` once it ended. */
const HeldCursorSchema = v.strictObject({
  queued: v.optional(v.union([v.string(), v.literal(false)])),
  retrying: v.optional(v.union([v.string(), v.literal(false)])),
});

type HeldCursor = v.InferOutput<typeof HeldCursorSchema>;
type Page = { deliveries: DeliveryRecord[]; nextCursor?: string };

/** What {@link heldPage} asks for. */
export interface HeldPageQuery {
  /** Only messages to this address. */
  recipient?: string | undefined;
  /** The `nextCursor` of the page before, as {@link heldPage} made it. */
  cursor?: string | undefined;
  /** At most this many. */
  limit: number;
}

/**
 * One page of a held tenant's waiting messages, newest first: those stored as `queued` and as
 * `retrying`, which all show as `held`. A store pages one status at a time, so this merges a page of
 * each and keeps where each list stopped in one cursor of its own; a list it took only part of is asked
 * once more for the store's cursor after that part. A cursor it did not make throws
 * {@link DeliveryCursorError}, as a store's own does.
 */
export async function heldPage(
  store: Pick<DeliveryStore, 'listDeliveries'>,
  tenant: string,
  { recipient, cursor, limit }: HeldPageQuery,
): Promise<Page> {
  const from = cursor === undefined ? {} : parseHeldCursor(cursor);
  const list = async (status: WaitingStatus, count: number): Promise<Page> => {
    const after = from[status];
    return after === false
      ? { deliveries: [] }
      : store.listDeliveries(tenant, { status, recipient, cursor: after, limit: count });
  };
  const pages = await Promise.all(WAITING_STATUSES.map((status) => list(status, limit)));
  const [queued, retrying] = pages.map((page) => page.deliveries) as [DeliveryRecord[], DeliveryRecord[]];
  const taken = { queued: 0, retrying: 0 };
  const deliveries: DeliveryRecord[] = [];
  while (deliveries.length < limit) {
    const a = queued[taken.queued];
    const b = retrying[taken.retrying];
    if (!a && !b) break;
    const next: WaitingStatus = !b || (a && a.createdAt >= b.createdAt) ? 'queued' : 'retrying';
    deliveries.push((next === 'queued' ? a : b) as DeliveryRecord);
    taken[next] += 1;
  }
  const to: HeldCursor = {};
  await Promise.all(
    WAITING_STATUSES.map(async (status, index) => {
      const page = pages[index] as Page;
      const count = taken[status];
      if (count === 0 && page.deliveries.length > 0) {
        if (from[status] !== undefined) to[status] = from[status];
      } else if (count === page.deliveries.length) {
        to[status] = page.nextCursor ?? false;
      } else {
        to[status] = (await list(status, count)).nextCursor ?? false;
      }
    }),
  );
  const more = WAITING_STATUSES.some((status) => to[status] !== false);
  return { deliveries, ...(more && { nextCursor: heldCursor(to) }) };
}

function heldCursor(cursor: HeldCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function parseHeldCursor(cursor: string): HeldCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new DeliveryCursorError();
  }
  const parsed = v.safeParse(HeldCursorSchema, json);
  if (!parsed.success) throw new DeliveryCursorError();
  return parsed.output;
}
