/**
 * The contract an outbox keeps on every engine, embedded (memory, SQLite) or shared (pg-boss, BullMQ):
 * delivery once, idempotency, retries, holds and their release by a save, the horizon, leases, fairness
 * and rate, against a real SMTP server.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSmtpConfig } from '../src/config/smtp-config.js';
import { createOutbox, type Outbox, type OutboxOptions } from '../src/outbox/create-outbox.js';
import type { DeliveryRecord, DeliveryStore } from '../src/outbox/delivery-store.js';
import type { OutboxHealth } from '../src/outbox/holds.js';
import type { QueueEngine } from '../src/outbox/queue-engine.js';
import type { SettingsStore } from '../src/stores/store.js';
import {
  capturingLogger,
  receivedMessageIds,
  saveSettings,
  startOutboxServer,
  type TestClock,
  testClock,
} from './outbox-fixture.js';
import type { SmtpServerFixture, SmtpServerFixtureOptions } from './smtp-server-fixture.js';

/** A fresh store, and the engine its outboxes run on (none: embedded). */
export interface OutboxUnderTest {
  store: DeliveryStore & SettingsStore & { close?(): Promise<void> };
  /** A new engine instance on this test's queue, for each outbox; `undefined` for the embedded engine. */
  engine?: () => QueueEngine;
  /** Removes what backs the store and the queue, after every outbox stopped and the store closed. */
  cleanup?: () => Promise<void>;
}

const BODY = 'contract-body-never-logged-5c1d';
const message = (subject: string) => ({ to: 'qa-lead@example.com', subject, text: BODY });

/**
 * Runs the outbox contract against `setup`'s store and engine.
 *
 * @example
 * runOutboxContract('pg-boss', async () => ({ store: memoryStore(), engine: () => pgBossEngine({ ... }) }));
 */
export function runOutboxContract(name: string, setup: () => Promise<OutboxUnderTest>): void {
  describe(`outbox contract on ${name}`, () => {
    const servers: SmtpServerFixture[] = [];
    const outboxes: Outbox[] = [];
    let under: OutboxUnderTest | undefined;

    afterEach(async () => {
      await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 5_000 })));
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await under?.store.close?.();
      await under?.cleanup?.();
      under = undefined;
    });

    const server = (options: Partial<SmtpServerFixtureOptions> = {}) => startOutboxServer(servers, options);

    /** An outbox on this test's store and a new engine instance; `time` fakes the clock. */
    async function outboxOf(options: Partial<OutboxOptions> = {}, time?: TestClock) {
      under ??= await setup();
      const { store } = under;
      const logger = capturingLogger();
      const health: OutboxHealth[] = [];
      const config = createSmtpConfig({
        store,
        secretKey: KEY,
        logger,
        ...(time && { clock: time.clock }),
      });
      const outbox = createOutbox({
        config,
        pollMs: 50,
        maintenanceMs: 1_000,
        onHealthChange: (change) => health.push(change),
        ...(under.engine && { engine: under.engine() }),
        ...options,
      } as OutboxOptions);
      outboxes.push(outbox);
      return { outbox, store, config, logger, health };
    }

    const all = async (store: DeliveryStore, tenant: string) =>
      (await store.listDeliveries(tenant, { limit: 200 })).deliveries;

    /** Waits until the tenant has `count` messages, each `settled`. */
    async function until(
      store: DeliveryStore,
      tenant: string,
      settled: (delivery: DeliveryRecord) => boolean,
      timeout = 15_000,
    ): Promise<DeliveryRecord[]> {
      await vi.waitFor(
        async () => {
          const list = await all(store, tenant);
          expect(list.length).toBeGreaterThan(0);
          expect(list.filter((delivery) => !settled(delivery))).toEqual([]);
        },
        { timeout, interval: 20 },
      );
      return all(store, tenant);
    }

    it('delivers at once what an instance that only enqueues (never started) hands over, not at the reconciler', async () => {
      const smtp = await server();
      // The reconciler, which would find the message anyway, runs only at the start within this test.
      const { outbox: serving, config, store } = await outboxOf({ maintenanceMs: 600_000 });
      await saveSettings(config, 'acme', smtp);
      await serving.start();
      const { outbox: web } = await outboxOf({ maintenanceMs: 600_000 });
      const asked = Date.now();
      const { messageId } = await web.enqueue(message('From the web tier'), { tenant: 'acme' });
      await until(store, 'acme', (d) => d.status === 'sent', 10_000);
      expect(receivedMessageIds(smtp)).toEqual([messageId]);
      expect(Date.now() - asked).toBeLessThan(10_000);
    });

    it('delivers every message once, with the Message-ID made at enqueue', async () => {
      const smtp = await server();
      const { outbox, config, store } = await outboxOf();
      const tenants = ['acme', 'globex', 'initech'];
      for (const tenant of tenants) await saveSettings(config, tenant, smtp);
      await outbox.start();
      const enqueued = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          outbox.enqueue(message(`Update ${index}`), { tenant: tenants[index % 3] as string }),
        ),
      );
      for (const tenant of tenants) await until(store, tenant, (d) => d.status === 'sent');
      expect(receivedMessageIds(smtp).sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
    });

    it('stores and sends a message enqueued twice with one idempotency key once', async () => {
      const smtp = await server();
      const { outbox, config, store } = await outboxOf();
      await saveSettings(config, 'acme', smtp);
      const first = await outbox.enqueue(message('Invite'), { tenant: 'acme', idempotencyKey: 'invite:42' });
      const again = await outbox.enqueue(message('Invite'), { tenant: 'acme', idempotencyKey: 'invite:42' });
      expect(again).toEqual({ ...first, duplicate: true });
      await outbox.start();
      await until(store, 'acme', (d) => d.status === 'sent');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receivedMessageIds(smtp)).toEqual([first.messageId]);
    });

    it('retries while the server is down and delivers once it is back', async () => {
      const down = await server();
      const { port } = down;
      await down.close();
      servers.splice(servers.indexOf(down), 1);
      const time = testClock();
      const { outbox, config, store } = await outboxOf({}, time);
      await saveSettings(config, 'acme', { host: '127.0.0.1', port });
      const { messageId } = await outbox.enqueue(message('Retry me'), { tenant: 'acme' });
      await outbox.start();
      const [retrying] = await until(store, 'acme', (d) => d.status === 'retrying' && d.attempts === 1);
      expect(retrying?.failure?.code).toBe('CONNECTION_REFUSED');

      const back = await server({ port });
      time.advance(Date.parse(retrying?.dueAt ?? '') - time.now());
      outbox.wake();
      await until(store, 'acme', (d) => d.status === 'sent');
      expect(receivedMessageIds(back)).toEqual([messageId]);
    });

    it('holds the mail of a tenant whose password is refused, fails none, and sends it after a save', async () => {
      const smtp = await server();
      const { outbox, config, health, store } = await outboxOf();
      await saveSettings(config, 'acme', smtp, { password: 'wrong-Pa55word-never-logged' });
      await outbox.start();
      const enqueued = await Promise.all(
        [1, 2, 3].map((index) => outbox.enqueue(message(`Held ${index}`), { tenant: 'acme' })),
      );
      await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), {
        timeout: 15_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const waiting = await all(store, 'acme');
      expect(waiting.map((d) => d.status).sort()).toEqual(['queued', 'queued', 'queued']);
      expect(health).toMatchObject([{ tenant: 'acme', ok: false, error: { code: 'AUTH_FAILED' } }]);

      await saveSettings(config, 'acme', smtp);
      await until(store, 'acme', (d) => d.status === 'sent');
      expect(receivedMessageIds(smtp).sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
      expect(await store.listHolds()).toEqual([]);
    });

    it('fails with EXPIRED what is not delivered within the horizon', async () => {
      const down = await server();
      const { port } = down;
      await down.close();
      servers.splice(servers.indexOf(down), 1);
      const time = testClock();
      const { outbox, config, store } = await outboxOf({ horizonMs: 120_000, maintenanceMs: 1_000 }, time);
      await saveSettings(config, 'acme', { host: '127.0.0.1', port });
      await outbox.enqueue(message('Too late'), { tenant: 'acme' });
      await outbox.start();
      await until(store, 'acme', (d) => d.status === 'retrying');
      time.advance(121_000);
      const [failed] = await until(store, 'acme', (d) => d.status === 'failed');
      expect(failed?.failure?.code).toBe('EXPIRED');
    });

    it('sends a message whose worker died mid-send again once its lease ran out, marked resumed', async () => {
      const smtp = await server();
      const { outbox, config, store } = await outboxOf({ leaseMs: 1_500 });
      await saveSettings(config, 'acme', smtp);
      const { id, messageId } = await outbox.enqueue(message('Interrupted'), { tenant: 'acme' });
      // A worker of another instance claims it, then dies.
      const now = Date.now();
      const [claimed] = await store.claimDeliveries({
        now: new Date(now).toISOString(),
        limit: 1,
        perTenant: 1,
        owner: 'a-worker-that-died',
        leaseUntil: new Date(now + 1_500).toISOString(),
        skipTenants: [],
      });
      expect(claimed?.id).toBe(id);
      await outbox.start();
      await until(store, 'acme', (d) => d.status === 'sent');
      expect(Date.now()).toBeGreaterThanOrEqual(now + 1_500);
      const read = await store.getDelivery('acme', id);
      expect(read?.attempts.at(-1)).toMatchObject({ outcome: 'sent', resumed: true });
      expect(receivedMessageIds(smtp)).toEqual([messageId]);
    });

    it('lets a tenant with one message through while another tenant sends a burst', async () => {
      const smtp = await server({ acceptDelayMs: 20 });
      const { outbox, config, store } = await outboxOf({ concurrency: 3, perTenant: 3 });
      await saveSettings(config, 'burst', smtp);
      await saveSettings(config, 'quiet', smtp);
      const burst = await Promise.all(
        Array.from({ length: 150 }, (_, index) =>
          outbox.enqueue(message(`Burst ${index}`), { tenant: 'burst' }),
        ),
      );
      const quiet = await outbox.enqueue(message('Quiet'), { tenant: 'quiet' });
      await outbox.start();
      await until(store, 'quiet', (d) => d.status === 'sent');
      await until(store, 'burst', (d) => d.status === 'sent', 30_000);
      const order = receivedMessageIds(smtp);
      expect(order).toHaveLength(burst.length + 1);
      // Taking turns, the quiet tenant's message goes while most of the burst still waits.
      expect(order.indexOf(quiet.messageId)).toBeLessThan(burst.length / 2);
    });

    it('sends several messages on each connection it opens while tenants take turns on one mailer', async () => {
      // A distant server: each new connection costs 150 ms before its first message.
      const smtp = await server({ connectDelayMs: 150 });
      const { outbox, config, store } = await outboxOf({ maxConnections: 3, concurrency: 3, perTenant: 3 });
      const tenants = ['north', 'south'];
      for (const tenant of tenants) await saveSettings(config, tenant, smtp);
      for (let index = 0; index < 60; index += 1) {
        for (const tenant of tenants) await outbox.enqueue(message(`Report ${index}`), { tenant });
      }
      await outbox.start();
      for (const tenant of tenants) await until(store, tenant, (d) => d.status === 'sent', 30_000);
      expect(receivedMessageIds(smtp)).toHaveLength(120);
      // A turn that opened connections uses them before it yields, instead of paying 150 ms a few messages.
      expect(120 / smtp.connections).toBeGreaterThanOrEqual(5);
    });

    it('claims several messages a statement while a tenant sends', async () => {
      const smtp = await server({ acceptDelayMs: 5 });
      const { outbox, config, store } = await outboxOf({ concurrency: 3, perTenant: 3 });
      await saveSettings(config, 'reports', smtp);
      for (let index = 0; index < 60; index += 1)
        await outbox.enqueue(message(`Report ${index}`), { tenant: 'reports' });
      const claims = vi.spyOn(store, 'claimDeliveries');
      await outbox.start();
      await until(store, 'reports', (d) => d.status === 'sent');
      expect(receivedMessageIds(smtp)).toHaveLength(60);
      // Claiming one as each slot frees would be a statement a message. A turn that opened its tenant's
      // connections owes them sends, and claims four rounds of its slots a statement while it does.
      expect(claims.mock.calls.length).toBeLessThanOrEqual(under?.engine ? 8 : 30);
    });

    it('keeps a tenant within its rate, and sends the rest in the next windows', async () => {
      const smtp = await server();
      const rate = { messages: 4, perMs: 1_000 };
      const { outbox, config, store } = await outboxOf({
        rate: (tenant) => (tenant === 'acme' ? rate : undefined),
      });
      await saveSettings(config, 'acme', smtp);
      await outbox.start();
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          outbox.enqueue(message(`Rated ${index}`), { tenant: 'acme' }),
        ),
      );
      const sent = await until(store, 'acme', (d) => d.status === 'sent', 20_000);
      const starts: number[] = [];
      for (const { id } of sent) {
        const read = await store.getDelivery('acme', id);
        for (const attempt of read?.attempts ?? []) starts.push(Date.parse(attempt.at));
      }
      starts.sort((a, b) => a - b);
      expect(starts).toHaveLength(10);
      for (const [index, start] of starts.entries()) {
        const inWindow = starts.filter((other) => other >= start && other < start + rate.perMs);
        expect(inWindow.length, `attempts in the window from attempt ${index + 1}`).toBeLessThanOrEqual(
          rate.messages,
        );
      }
    });
  });
}

const KEY = randomBytes(32).toString('base64');
