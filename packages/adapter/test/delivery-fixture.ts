/**
 * A message as the store tests add it, for suites that test one store beyond the shared contract.
 *
 * @module
 */
import type {
  DeliveryRecord,
  DeliveryStore,
  NewDelivery,
  StoredDeliveryStatus,
} from '../src/outbox/delivery-store.js';

/**
 * A message for the outbox with id `id`, of tenant `acme`, created and due at 2026-01-01 00:00 UTC, with
 * `overrides` on top.
 *
 * @example
 * await store.addDelivery(queuedDelivery('delivery-1', { tenant: 'globex' }));
 */
export function queuedDelivery(id: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id,
    tenant: 'acme',
    source: 'outbox',
    status: 'queued',
    createdAt: '2026-01-01T00:00:00.000Z',
    messageId: `<${id}@mail.example.com>`,
    to: ['qa-lead@example.com'],
    cc: [],
    bcc: [],
    subject: 'Test case TC-42 was updated',
    content: `v1.sealed.content-of-${id}`,
    ...overrides,
  };
}

/** A tenant's messages with this stored status (all of them without), every page. */
export async function deliveriesOf(
  store: DeliveryStore,
  tenant: string,
  status?: StoredDeliveryStatus,
): Promise<DeliveryRecord[]> {
  const all: DeliveryRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listDeliveries(tenant, { status, cursor, limit: 200 });
    all.push(...page.deliveries);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}
