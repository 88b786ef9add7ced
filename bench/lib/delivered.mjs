/** Waiting for an outbox's messages to be delivered, as the throughput benches time it. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until the sink received `count` more messages than `from` (it says so itself: polling it would cost
 * this process CPU that raw nodemailer's rounds do not pay), then until the store says they are sent.
 */
export async function untilSent(sink, from, store, tenants, since, count) {
  await sink.until(from + count);
  for (;;) {
    let sent = 0;
    let failed = 0;
    for (const tenant of tenants) {
      const { counts } = await store.countDeliveries(tenant, since);
      sent += counts.sent;
      failed += counts.failed;
    }
    if (failed > 0) throw new Error(`${failed} messages failed`);
    if (sent >= count) return;
    await sleep(5);
  }
}
