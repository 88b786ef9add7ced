import type { DeliveryDetailResponse, DeliveryStatus } from '@smtp-settings/schema';
import { getDelivery } from './demo-api.js';

/** Statuses after which a message changes no more unless an admin acts. */
const FINAL: ReadonlySet<DeliveryStatus> = new Set(['sent', 'failed', 'discarded']);
/** How often a queued message's status is read again. */
const POLL_MS = 2_000;
/** When to stop reading: a message can retry for hours, the page need not watch it that long. */
const GIVE_UP_MS = 15 * 60_000;

/**
 * Reads the status of outbox message `id` from the adapter (`GET /api/smtp/deliveries/:id`) every 2 s
 * until it is sent, failed or discarded, calling `onDelivery` each time it changes; stops when `signal`
 * aborts, after 15 minutes, or at the first answer that is not a record (404: no delivery log, or an
 * adapter without one; any other error), leaving the page with the id alone.
 *
 * @example
 * followDelivery(id, (detail) => show(detail.delivery.status), controller.signal);
 */
export async function followDelivery(
  id: string,
  onDelivery: (detail: DeliveryDetailResponse) => void,
  signal: AbortSignal,
): Promise<void> {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  let shown = '';
  while (!signal.aborted && Date.now() < giveUpAt) {
    const detail = await getDelivery(id, signal).catch(() => undefined);
    if (!detail || signal.aborted) return;
    // The attempt count too: a second "retrying" is news worth telling.
    const seen = JSON.stringify([
      detail.delivery.status,
      detail.delivery.attempts,
      detail.delivery.nextAttemptAt,
    ]);
    if (seen !== shown) {
      shown = seen;
      onDelivery(detail);
    }
    if (FINAL.has(detail.delivery.status)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
