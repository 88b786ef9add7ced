import type { Logger } from '../logger.js';
import { expiredFailure } from './attempt-outcome.js';
import type { DeliveryStore } from './delivery-store.js';
import type { OutboxSettings } from './outbox-options.js';

/**
 * The outbox's periodic upkeep at `now` (epoch ms): fails what passed the horizon (held messages too),
 * deletes finished messages past retention, and says so in the log.
 *
 * @example
 * await maintainOutbox(store, settings, logger, clock().getTime());
 */
export async function maintainOutbox(
  store: DeliveryStore,
  settings: Pick<OutboxSettings, 'horizonMs' | 'retentionMs'>,
  logger: Logger,
  now: number,
): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const expired = await store.expireDeliveries(
    iso(now - settings.horizonMs),
    expiredFailure(settings.horizonMs),
    iso(now),
  );
  if (expired > 0) {
    logger.warn('smtp-settings: the outbox failed messages not delivered within the retry horizon', {
      count: expired,
      horizonMs: settings.horizonMs,
    });
  }
  await store.purgeDeliveries(iso(now - settings.retentionMs));
}
