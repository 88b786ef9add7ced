import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryConfig } from '../../test/outbox-fixture.js';
import type { Mailer, SentMail } from '../mailer/create-mailer.js';
import { createOutbox } from './create-outbox.js';
import { createHolds } from './holds.js';
import { createMailerPool } from './mailer-pool.js';
import { resolveOutboxOptions } from './outbox-options.js';
import { createTenantRates } from './tenant-rate.js';
import { createWorker, type OutboxWorker } from './worker.js';

/** A send a test finishes when it likes: mailers here stand in for the server's timing, nothing else. */
interface PendingSend {
  tenant: string;
  finish(): void;
}

const workers: OutboxWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(1_000)));
});

/** A worker over a memory store whose mailers' sends end only when the test finishes them. */
function setup(options: Parameters<typeof resolveOutboxOptions>[0]) {
  const { store, time, logger, config } = memoryConfig();
  const settings = resolveOutboxOptions({ pollMs: 10, ...options });
  const pending: PendingSend[] = [];
  const created: string[] = [];
  const pool = createMailerPool({
    create: (tenant) => {
      created.push(tenant);
      return {
        send: (message) =>
          new Promise<SentMail>((resolve) => {
            const accepted = [String(message.to)];
            pending.push({
              tenant,
              finish: () => resolve({ accepted, rejected: [], response: '250 OK' } as never),
            });
          }),
        close: async () => {},
      } as Mailer;
    },
    capacity: settings.mailers,
    perMailer: settings.perTenant,
    idleMs: settings.idleMs,
    clock: time.clock,
    onCloseError: () => {},
  });
  const worker = createWorker({
    store,
    secrets: config.secrets,
    logger,
    clock: time.clock,
    settings,
    pool,
    holds: createHolds({ store, clock: time.clock, onCallbackError: () => {} }),
    rates: createTenantRates(undefined, () => {}),
  });
  workers.push(worker);
  // Only to store messages; this outbox never starts.
  const outbox = createOutbox({ config });
  const enqueue = (tenant: string) => outbox.enqueue({ to: 'qa@example.com', text: 'x' }, { tenant });
  return { store, time, worker, pending, created, enqueue };
}

describe('outbox worker', () => {
  it('makes a tenant that had its turn yield its mailer to a waiting tenant', async () => {
    // One mailer fits (two connections under a cap of two), and a tenant sends two at a time.
    const { time, worker, pending, created, enqueue } = setup({ maxConnections: 2, perTenant: 2 });
    for (let n = 0; n < 20; n += 1) await enqueue('burst');
    worker.start();
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    // Half a minute with its mailer is a turn.
    time.advance(30_000);
    await enqueue('quiet');
    worker.wake();

    // The burst's sends end one at a time, each while the other is under way, so its mailer is never
    // idle unless the worker stops feeding it.
    let finished = 0;
    while (!created.includes('quiet') && finished < 20) {
      const send = pending.find(({ tenant }) => tenant === 'burst');
      if (send) {
        pending.splice(pending.indexOf(send), 1);
        send.finish();
        finished += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(created).toEqual(['burst', 'quiet']);
    // The two it had under way, and at most one more claimed before the worker saw the waiting tenant.
    expect(finished).toBeLessThanOrEqual(3);
  });

  it('keeps feeding a tenant whose turn is not over', async () => {
    const { worker, pending, created, enqueue } = setup({ maxConnections: 2, perTenant: 2 });
    for (let n = 0; n < 6; n += 1) await enqueue('burst');
    worker.start();
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    await enqueue('quiet');
    worker.wake();
    let finished = 0;
    while (!created.includes('quiet') && finished < 6) {
      const send = pending.find(({ tenant }) => tenant === 'burst');
      if (send) {
        pending.splice(pending.indexOf(send), 1);
        send.finish();
        finished += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // Its connections stay in use until its queue runs dry.
    expect(finished).toBeGreaterThanOrEqual(5);
  });
});
