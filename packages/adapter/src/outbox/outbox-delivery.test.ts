import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  memoryConfig,
  OUTBOX_PASSWORD,
  receivedMessageIds,
  saveSettings,
  saveThroughRoutes,
  settingsRoutes,
  startOutboxServer,
} from '../../test/outbox-fixture.js';
import type { SmtpServerFixture, SmtpServerFixtureOptions } from '../../test/smtp-server-fixture.js';
import { englishText } from '../failures/server-text.js';
import { createOutbox, type Outbox, type OutboxOptions } from './create-outbox.js';
import type { DeliveryRecord, DeliveryStore } from './delivery-store.js';
import type { OutboxHealth } from './holds.js';

const TENANT = 'acme';
const BODY = 'body-text-never-logged-81aa';
const WRONG_PASSWORD = 'wrong-Pa55word-never-logged';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: BODY };
const HOUR = 3_600_000;

const servers: SmtpServerFixture[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const server = (options: Partial<SmtpServerFixtureOptions> = {}) => startOutboxServer(servers, options);

function setup(options: Partial<OutboxOptions> = {}) {
  const { store, time, logger, config } = memoryConfig();
  const health: OutboxHealth[] = [];
  const outbox = createOutbox({
    config,
    pollMs: 20,
    onHealthChange: (change) => health.push(change),
    ...options,
  } as OutboxOptions);
  outboxes.push(outbox);
  return { store, time, logger, config, outbox, health };
}

async function deliveries(store: DeliveryStore, tenant = TENANT): Promise<DeliveryRecord[]> {
  return (await store.listDeliveries(tenant, { limit: 200 })).deliveries;
}

/** Waits until every message of the tenant satisfies `settled`. */
async function until(store: DeliveryStore, settled: (delivery: DeliveryRecord) => boolean, tenant = TENANT) {
  await vi.waitFor(
    async () => {
      const list = await deliveries(store, tenant);
      expect(list.length).toBeGreaterThan(0);
      expect(list.filter((delivery) => !settled(delivery))).toEqual([]);
    },
    { timeout: 10_000, interval: 10 },
  );
  return deliveries(store, tenant);
}

describe('outbox delivery', () => {
  it('retries with backoff while the server is down for an hour, then delivers everything once', async () => {
    const down = await server();
    const { port } = down;
    await down.close();
    servers.splice(servers.indexOf(down), 1);
    const { outbox, store, config, time } = setup();
    await saveSettings(config, TENANT, { host: '127.0.0.1', port });
    const enqueued = await Promise.all(
      Array.from({ length: 3 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })),
    );
    const started = time.now();
    await outbox.start();

    // Each attempt is due 30 s after the first failure, doubling, ±20 %; the clock jumps to each due time.
    let attempts = 0;
    while (time.now() - started < HOUR) {
      const step = attempts + 1;
      const list = await until(store, (d) => d.status === 'retrying' && d.attempts === step);
      attempts = step;
      const base = Math.min(30_000 * 2 ** (attempts - 1), HOUR);
      for (const record of list) {
        expect(record.failure).toMatchObject({ code: 'CONNECTION_REFUSED', stage: 'connect' });
        const wait = Date.parse(record.dueAt ?? '') - time.now();
        expect(wait).toBeGreaterThanOrEqual(base * 0.8);
        expect(wait).toBeLessThanOrEqual(base * 1.2);
      }
      time.advance(Math.max(...list.map((d) => Date.parse(d.dueAt ?? ''))) - time.now());
      outbox.wake();
    }
    expect(attempts).toBeGreaterThanOrEqual(6);
    expect(await store.listDeliveries(TENANT, { status: 'failed', limit: 10 })).toEqual({ deliveries: [] });

    const back = await server({ port });
    const list = await deliveries(store);
    time.advance(Math.max(...list.map((d) => Date.parse(d.dueAt ?? ''))) - time.now());
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
    expect(receivedMessageIds(back).sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
  });

  it('holds the mail of settings with a wrong password, fails none, tells once, and resumes within seconds of a save', async () => {
    const smtp = await server();
    const { outbox, store, config, logger, health } = setup({ pollMs: 2_000 });
    const api = settingsRoutes(config, TENANT);
    const save = (password: string, version?: number) => saveThroughRoutes(api, smtp, password, version);
    expect((await save(WRONG_PASSWORD)).status).toBe(200);
    await Promise.all(Array.from({ length: 8 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();

    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 5_000 });
    const [hold] = await store.listHolds();
    expect(hold).toMatchObject({
      tenant: TENANT,
      revision: 1,
      failure: { code: 'AUTH_FAILED', stage: 'auth' },
    });
    // Held, not retried in a loop: the logins stop at the sends that were in flight.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logins = smtp.logins.length;
    expect(logins).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.logins).toHaveLength(logins);
    const held = await deliveries(store);
    expect(held.map((d) => d.status)).toEqual(Array(8).fill('queued'));
    const detail = await store.getDelivery(TENANT, held.find((d) => d.attempts > 0)?.id ?? '');
    expect(detail?.attempts[0]).toMatchObject({ outcome: 'held', failure: { code: 'AUTH_FAILED' } });
    expect(health).toEqual([
      expect.objectContaining({
        tenant: TENANT,
        ok: false,
        error: expect.objectContaining({ code: 'AUTH_FAILED' }),
      }),
    ]);

    // The clock stands still, so no backoff step comes due: only the save can release the mail.
    const saved = performance.now();
    expect((await save(OUTBOX_PASSWORD, 1)).status).toBe(200);
    await until(store, (d) => d.status === 'sent');
    expect(performance.now() - saved).toBeLessThan(10_000);
    expect(smtp.messages).toHaveLength(8);
    expect(await store.listHolds()).toEqual([]);
    expect(health).toHaveLength(2);
    expect(health[1]).toMatchObject({ tenant: TENANT, ok: true });
    const lines = logger.lines.join('\n');
    expect(lines).toContain('holding the outbox mail');
    for (const secret of [BODY, WRONG_PASSWORD, OUTBOX_PASSWORD]) expect(lines).not.toContain(secret);
  });

  it('holds a tenant with nothing saved, and sends once settings are saved', async () => {
    const smtp = await server();
    const { outbox, store, config, health } = setup();
    const { messageId } = await outbox.enqueue(MESSAGE, { tenant: TENANT });
    expect(messageId).toMatch(/@smtp-settings\.localhost>$/);
    await outbox.start();
    await vi.waitFor(
      async () =>
        expect(await store.listHolds()).toMatchObject([{ revision: 0, failure: { code: 'NOT_CONFIGURED' } }]),
      {
        timeout: 5_000,
      },
    );
    expect(health).toMatchObject([{ ok: false, error: { code: 'NOT_CONFIGURED' } }]);
    await saveSettings(config, TENANT, smtp);
    await until(store, (d) => d.status === 'sent');
    expect(receivedMessageIds(smtp)).toEqual([messageId]);
  });

  it('is woken by a save through the routes it was given: held mail goes out without waiting for the poll', async () => {
    const smtp = await server();
    // A poll far beyond the wait below: only the save's wake can release the mail in time.
    const { outbox, store, config } = setup({ pollMs: 600_000 });
    const api = settingsRoutes(config, TENANT, outbox);
    const { messageId } = await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await outbox.start();
    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 5_000 });

    const saved = await saveThroughRoutes(api, smtp);
    expect(saved.status).toBe(200);
    await until(store, (d) => d.status === 'sent');
    expect(receivedMessageIds(smtp)).toEqual([messageId]);
  });

  it('fails a message the server refuses for good at once, and delivers the rest', async () => {
    const smtp = await server({
      rejectRecipient: { address: 'gone@example.com', reply: '550 5.1.1 User unknown' },
    });
    const { outbox, store, config, health, logger } = setup();
    await saveSettings(config, TENANT, smtp);
    const refused = await outbox.enqueue({ ...MESSAGE, to: 'gone@example.com' }, { tenant: TENANT });
    const partly = await outbox.enqueue(
      { ...MESSAGE, to: ['gone@example.com', 'qa@example.com'] },
      { tenant: TENANT },
    );
    await Promise.all(Array.from({ length: 4 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();
    await until(store, (d) => d.status === 'sent' || d.status === 'failed');

    const failed = await store.getDelivery(TENANT, refused.id);
    expect(failed?.delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      failure: {
        code: 'RECIPIENT_REJECTED',
        stage: 'envelope',
        serverReply: expect.stringContaining('550 5.1.1'),
        hint: englishText('hint.RECIPIENT_REJECTED'),
      },
    });
    expect(failed?.attempts).toMatchObject([{ outcome: 'failed' }]);
    const sent = await store.getDelivery(TENANT, partly.id);
    expect(sent?.delivery.status).toBe('sent');
    expect(sent?.attempts[0]).toMatchObject({
      outcome: 'sent',
      failure: {
        code: 'RECIPIENT_REJECTED',
        message: 'The server refused 1 of 2 recipients (gone@example.com); the others got the message.',
        messageKey: 'failure.partiallyRefused',
        hintKey: 'hint.RECIPIENT_REJECTED',
        params: { refused: 1, total: 2, recipients: 'gone@example.com' },
      },
    });
    expect(smtp.messages).toHaveLength(5);
    expect(await store.listHolds()).toEqual([]);
    expect(health).toEqual([]);
    // The operator hears of it by id and code; the content stays out.
    const failures = logger.lines.filter((line) => line.includes('failed for good'));
    expect(failures).toEqual([expect.stringContaining(`"id":"${refused.id}","code":"RECIPIENT_REJECTED"`)]);
    expect(logger.lines.join('\n')).not.toContain(BODY);
  });

  it('fails messages not delivered within the horizon with EXPIRED, held ones too', async () => {
    const down = await server();
    await down.close();
    servers.splice(servers.indexOf(down), 1);
    const smtp = await server();
    const { outbox, store, config, time } = setup();
    await saveSettings(config, 'unreachable', down);
    await saveSettings(config, TENANT, smtp, { password: WRONG_PASSWORD });
    const retrying = await outbox.enqueue(MESSAGE, { tenant: 'unreachable' });
    const held = await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await outbox.start();
    await until(store, (d) => d.status === 'retrying', 'unreachable');
    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 5_000 });

    time.advance(48 * HOUR + 60_000);
    outbox.wake();
    await until(store, (d) => d.status === 'failed', 'unreachable');
    await until(store, (d) => d.status === 'failed');
    for (const [tenant, id] of [
      ['unreachable', retrying.id],
      [TENANT, held.id],
    ] as const) {
      const detail = await store.getDelivery(tenant, id);
      expect(detail?.delivery.failure).toMatchObject({
        code: 'EXPIRED',
        message: expect.stringContaining('within 48 hours'),
        hint: expect.stringContaining('resend'),
        messageKey: 'failure.expired',
        hintKey: 'hint.expired',
        params: { span: 48, spanUnit: 'hour' },
      });
    }
  });
});
