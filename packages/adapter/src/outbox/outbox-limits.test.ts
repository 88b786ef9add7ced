import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  memoryConfig,
  receivedMessageIds,
  saveSettings,
  startOutboxServer,
} from '../../test/outbox-fixture.js';
import type { SmtpServerFixture, SmtpServerFixtureOptions } from '../../test/smtp-server-fixture.js';
import { createOutbox, type Outbox, type OutboxOptions } from './create-outbox.js';
import type { DeliveryStore } from './delivery-store.js';

const MESSAGE = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Dana changed step 3.',
};
const MINUTE = 60_000;

const servers: SmtpServerFixture[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const server = (options: Partial<SmtpServerFixtureOptions> = {}) => startOutboxServer(servers, options);

function setup(options: Partial<OutboxOptions> = {}) {
  const { store, time, config } = memoryConfig();
  const outbox = createOutbox({ config, pollMs: 20, ...options } as OutboxOptions);
  outboxes.push(outbox);
  return { store, time, config, outbox };
}

async function countByStatus(store: DeliveryStore, tenant: string) {
  const { counts } = await store.countDeliveries(tenant, '1970-01-01T00:00:00.000Z');
  return counts;
}

/** Enqueues `perTenant` messages for each of `tenants` tenants with settings for `smtp`, and answers their Message-IDs. */
async function fill(
  { outbox, config }: ReturnType<typeof setup>,
  smtp: SmtpServerFixture,
  tenants: number,
  perTenant: number,
) {
  const names = Array.from({ length: tenants }, (_, n) => `tenant-${n}`);
  for (const tenant of names) await saveSettings(config, tenant, smtp);
  const ids: string[] = [];
  // Interleaved, as a busy host hands them over.
  for (let n = 0; n < perTenant; n += 1) {
    for (const tenant of names) {
      ids.push((await outbox.enqueue({ ...MESSAGE, subject: `Update ${n}` }, { tenant })).messageId);
    }
  }
  return { names, ids };
}

describe('outbox limits', () => {
  it('keeps a tenant rate by scheduling: messages spread over time, none failed', async () => {
    const smtp = await server();
    const context = setup({
      rate: (tenant) => (tenant === 'm365' ? { messages: 3, perMs: MINUTE } : undefined),
    });
    const { outbox, store, config, time } = context;
    await saveSettings(config, 'm365', smtp);
    await saveSettings(config, 'other', smtp);
    for (let n = 0; n < 8; n += 1) await outbox.enqueue(MESSAGE, { tenant: 'm365' });
    for (let n = 0; n < 4; n += 1) await outbox.enqueue(MESSAGE, { tenant: 'other' });
    const started = time.now();
    await outbox.start();

    for (const [minute, sent] of [
      [0, 3],
      [1, 6],
      [2, 8],
    ] as const) {
      await vi.waitFor(async () => expect((await countByStatus(store, 'm365')).sent).toBe(sent), {
        timeout: 5_000,
      });
      // The clock stands still: nothing more goes out within this minute.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await countByStatus(store, 'm365')).sent).toBe(sent);
      expect(time.now() - started).toBe(minute * MINUTE);
      time.advance(MINUTE);
      outbox.wake();
    }
    // The tenant without a rate was not held back by the one with it.
    expect((await countByStatus(store, 'other')).sent).toBe(4);
    expect((await countByStatus(store, 'm365')).failed).toBe(0);
    const { deliveries } = await store.listDeliveries('m365', { limit: 20 });
    const sentAt = deliveries.map((d) => Date.parse(d.sentAt ?? '') - started).sort((a, b) => a - b);
    expect(sentAt).toEqual([0, 0, 0, MINUTE, MINUTE, MINUTE, 2 * MINUTE, 2 * MINUTE]);
  });

  it('delivers 50 tenants × 20 messages with never more than maxConnections open', {
    timeout: 60_000,
  }, async () => {
    const smtp = await server();
    const context = setup({ maxConnections: 10, perTenant: 5, concurrency: 20 });
    const { ids } = await fill(context, smtp, 50, 20);
    await context.outbox.start();
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(1_000), { timeout: 50_000, interval: 50 });
    expect(smtp.peakConnections).toBeLessThanOrEqual(10);
    expect(smtp.peakConnections).toBeGreaterThan(1);
    expect(receivedMessageIds(smtp).sort()).toEqual(ids.sort());
  });

  it('does not let a tenant with a burst starve another while the pool is full', {
    timeout: 30_000,
  }, async () => {
    // Replies at uneven times, as a real server's do.
    const smtp = await server({ acceptDelayMs: () => 2 + Math.random() * 20 });
    const context = setup({ maxConnections: 5, perTenant: 5 });
    const { outbox, store, config } = context;
    await saveSettings(config, 'burst', smtp);
    await saveSettings(config, 'quiet', smtp);
    for (let n = 0; n < 300; n += 1) await outbox.enqueue(MESSAGE, { tenant: 'burst' });
    await outbox.start();
    await vi.waitFor(async () => expect((await countByStatus(store, 'burst')).sent).toBeGreaterThan(10), {
      timeout: 10_000,
    });
    // One mailer fits under the cap and the burst has it: the quiet tenant's message waits for its turn.
    await outbox.enqueue(MESSAGE, { tenant: 'quiet' });
    await vi.waitFor(async () => expect((await countByStatus(store, 'quiet')).sent).toBe(1), {
      timeout: 10_000,
    });
    expect((await countByStatus(store, 'burst')).sent).toBeLessThan(200);
    await vi.waitFor(async () => expect((await countByStatus(store, 'burst')).sent).toBe(300), {
      timeout: 20_000,
    });
    expect(smtp.peakConnections).toBeLessThanOrEqual(5);
  });

  it('delivers 1,000 tenants × 10 messages with sockets never above the cap', {
    timeout: 60_000,
  }, async () => {
    const smtp = await server();
    // One connection per tenant, as a host with many small tenants would choose: twenty tenants at a time.
    const context = setup({ perTenant: 1, idleMs: 1_000 });
    const { ids } = await fill(context, smtp, 1_000, 10);
    await context.outbox.start();
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(10_000), { timeout: 50_000, interval: 100 });
    expect(smtp.peakConnections).toBeLessThanOrEqual(20);
    expect(new Set(receivedMessageIds(smtp)).size).toBe(ids.length);
  });
});
