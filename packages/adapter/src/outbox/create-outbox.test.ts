import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  memoryConfig,
  OUTBOX_PASSWORD,
  receivedMessageIds,
  saveSettings,
  startOutboxServer,
} from '../../test/outbox-fixture.js';
import type { SmtpServerFixture, SmtpServerFixtureOptions } from '../../test/smtp-server-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../test/socket-handles.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createOutbox, type Outbox, type OutboxOptions } from './create-outbox.js';
import type { DeliveryStore } from './delivery-store.js';
import type { OutboxMessage } from './outbox-message.js';

const TENANT = 'acme';
/** Text that stands for a message's content: it must never reach a log line or an error. */
const BODY = 'body-text-never-logged-5d1c';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: BODY };

const servers: SmtpServerFixture[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const server = (options: Partial<SmtpServerFixtureOptions> = {}) => startOutboxServer(servers, options);

function setup(options: Partial<OutboxOptions> = {}) {
  const { store, time, logger, config } = memoryConfig();
  const outbox = createOutbox({ config, pollMs: 20, ...options } as OutboxOptions);
  outboxes.push(outbox);
  return { store, time, logger, config, outbox };
}

async function deliveries(store: DeliveryStore, tenant = TENANT) {
  return (await store.listDeliveries(tenant, { limit: 200 })).deliveries;
}

describe('createOutbox', () => {
  it('refuses a store that keeps no deliveries, naming what it lacks', () => {
    const { addDelivery: _add, claimDeliveries: _claim, ...settingsOnly } = memoryStore();
    const config = createSmtpConfig({
      store: settingsOnly as SettingsStore,
      secretKey: randomBytes(32).toString('base64'),
    });
    expect(() => createOutbox({ config })).toThrow(TypeError);
    expect(() => createOutbox({ config })).toThrow(
      /lacks addDelivery, claimDeliveries\..*postgresStore\(\) do/,
    );
  });

  it('refuses options out of range, naming them', () => {
    const config = createSmtpConfig({ store: memoryStore(), secretKey: randomBytes(32).toString('base64') });
    expect(() => createOutbox({ config, concurrency: 0 })).toThrow(/`concurrency`/);
    expect(() => createOutbox({ config, leaseMs: Number.NaN })).toThrow(/`leaseMs`/);
    expect(() => createOutbox({ config, backoff: { jitter: 1 } })).toThrow(/`backoff.jitter`/);
    expect(() => createOutbox({ config, messageIdDomain: 'not a domain' })).toThrow(/`messageIdDomain`/);
  });
});

describe('outbox.enqueue', () => {
  const refused: Array<[string, unknown, RegExp]> = [
    ['no recipient', { subject: 'Hello', text: BODY }, /no recipient/],
    ['an empty recipient list', { to: [], text: BODY }, /no recipient/],
    [
      'an invalid address',
      { to: `${BODY} at example`, text: BODY },
      /`to` has an address that is not a valid email address/,
    ],
    ['a sender of its own', { ...MESSAGE, from: `${BODY}@example.com` }, /Do not set "from"/],
    ['a Sender header', { ...MESSAGE, headers: { Sender: `${BODY}@example.com` } }, /the Sender header/],
    [
      'a header with CR/LF',
      { ...MESSAGE, headers: { 'X-Note': `a\r\nBcc: ${BODY}@example.com` } },
      /X-Note header's value has a line break/,
    ],
    [
      'a subject with a line break',
      { ...MESSAGE, subject: `Hi\r\nBcc: ${BODY}@example.com` },
      /`subject` has a line break/,
    ],
    ['a stream as text', { ...MESSAGE, text: Readable.from([BODY]) }, /`text` is a stream/],
    [
      'a file to attach',
      { ...MESSAGE, attachments: [{ path: `/etc/${BODY}` }] },
      /`attachments\[0\]` points at a file or URL: the outbox reads no files/,
    ],
    [
      'a URL as html',
      { ...MESSAGE, html: { href: `https://example.com/${BODY}` } },
      /`html` .*reads no files or URLs/,
    ],
    [
      'a Message-ID of its own',
      { ...MESSAGE, messageId: `<${BODY}@example.com>` },
      /`messageId` is not taken: the outbox makes the Message-ID/,
    ],
    [
      'a field it does not know',
      { ...MESSAGE, unknownField: BODY },
      /`unknownField` is not a field the outbox takes/,
    ],
    [
      'an attachment without content',
      { ...MESSAGE, attachments: [{ filename: 'a.txt' }] },
      /`attachments\[0\].content` is required/,
    ],
    ['a priority it does not know', { ...MESSAGE, priority: BODY }, /`priority` must be high, normal or low/],
    ['no object', BODY, /must be an object/],
  ];

  it.each(refused)('refuses a message with %s and stores nothing', async (_case, message, error) => {
    const { outbox, store } = setup();
    const attempt = outbox.enqueue(message as OutboxMessage, { tenant: TENANT });
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.toThrow(error);
    // The error names the field, never what was in it.
    await expect(attempt).rejects.not.toThrow(BODY);
    expect(await deliveries(store)).toEqual([]);
  });

  it('refuses a message larger than maxMessageBytes', async () => {
    const { outbox, store } = setup({ maxMessageBytes: 1_000 });
    const attachments = [{ filename: 'report.pdf', content: randomBytes(1_000) }];
    await expect(outbox.enqueue({ ...MESSAGE, attachments }, { tenant: TENANT })).rejects.toThrow(
      /larger than the outbox takes/,
    );
    expect(await deliveries(store)).toEqual([]);
  });

  it('refuses bad options, naming them', async () => {
    const { outbox, store } = setup();
    await expect(outbox.enqueue(MESSAGE, { tenant: '' })).rejects.toThrow(/`tenant`/);
    await expect(outbox.enqueue(MESSAGE, { tenant: TENANT, idempotencyKey: '' })).rejects.toThrow(
      /`idempotencyKey`/,
    );
    await expect(outbox.enqueue(MESSAGE, { tenant: TENANT, notBefore: 'tomorrow' })).rejects.toThrow(
      /`notBefore`/,
    );
    expect(await deliveries(store)).toEqual([]);
  });

  it('stores the message sealed, with metadata in the clear and a Message-ID of the From domain', async () => {
    const { outbox, store, config } = setup();
    await saveSettings(config, TENANT, { host: '127.0.0.1', port: 1 }, { fromEmail: 'notify@acme.example' });
    const { id, duplicate, messageId } = await outbox.enqueue(
      {
        to: 'Dana <Dana@Example.com>, qa@example.com',
        bcc: { name: 'Audit', address: 'audit@example.com' },
        subject: 'TC-42',
        text: BODY,
      },
      { tenant: TENANT },
    );
    expect(duplicate).toBe(false);
    expect(messageId).toMatch(/^<[\da-f-]{36}@acme\.example>$/);
    const [record] = await deliveries(store);
    expect(record).toMatchObject({
      id,
      status: 'queued',
      source: 'outbox',
      messageId,
      // A domain is case-insensitive, and is stored as DNS spells it; the local part is kept as given.
      to: ['Dana@example.com', 'qa@example.com'],
      cc: [],
      bcc: ['audit@example.com'],
      subject: 'TC-42',
      attempts: 0,
    });
    const [claimed] = await store.claimDeliveries({
      now: new Date(Date.now() + 86_400_000).toISOString(),
      limit: 1,
      perTenant: 1,
      owner: 'inspector',
      leaseUntil: new Date(Date.now() + 90_000_000).toISOString(),
      skipTenants: [],
    });
    expect(claimed?.content).toMatch(/^v1\./);
    expect(claimed?.content).not.toContain(BODY);
    expect(
      config.secrets.open(claimed?.content ?? '', { tenant: TENANT, field: `delivery:${id}` }),
    ).toContain(BODY);
  });

  it('stores one message per idempotency key and tenant', async () => {
    const { outbox, store } = setup();
    const first = await outbox.enqueue(MESSAGE, { tenant: TENANT, idempotencyKey: 'tc-42-update-7' });
    const again = await outbox.enqueue(
      { ...MESSAGE, subject: 'Changed' },
      { tenant: TENANT, idempotencyKey: 'tc-42-update-7' },
    );
    const other = await outbox.enqueue(MESSAGE, { tenant: 'globex', idempotencyKey: 'tc-42-update-7' });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(other.duplicate).toBe(false);
    expect(await deliveries(store)).toHaveLength(1);
    expect((await deliveries(store))[0]?.subject).toBe('Test case TC-42 was updated');
  });
});

describe('outbox worker', () => {
  it('delivers a burst once each, with the Message-ID made at enqueue', async () => {
    const smtp = await server();
    const { outbox, store, config, logger } = setup();
    await saveSettings(config, TENANT, smtp);
    const enqueued = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        outbox.enqueue(
          {
            ...MESSAGE,
            subject: `Update ${n}`,
            attachments: [{ filename: 'n.txt', content: Buffer.from(`${n}`) }],
          },
          { tenant: TENANT },
        ),
      ),
    );
    await outbox.start();
    await vi.waitFor(
      async () => expect((await deliveries(store)).every((d) => d.status === 'sent')).toBe(true),
      {
        timeout: 10_000,
      },
    );
    expect(smtp.messages).toHaveLength(40);
    expect(receivedMessageIds(smtp).sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
    expect(smtp.messages[0]?.raw).toContain(BODY);
    const [detail] = await Promise.all([store.getDelivery(TENANT, enqueued[0]?.id ?? '')]);
    expect(detail?.attempts).toEqual([
      expect.objectContaining({
        number: 1,
        outcome: 'sent',
        response: expect.stringMatching(/^250 .*queued/),
      }),
    ]);
    expect(logger.lines.join('\n')).not.toContain(BODY);
    expect(logger.lines.join('\n')).not.toContain(OUTBOX_PASSWORD);
  });

  it('sends at once what is enqueued after it started, and not before notBefore', async () => {
    const smtp = await server();
    const { outbox, store, config, time } = setup({ pollMs: 60_000 });
    await saveSettings(config, TENANT, smtp);
    await outbox.start();
    await outbox.enqueue(MESSAGE, { tenant: TENANT });
    const later = await outbox.enqueue(MESSAGE, { tenant: TENANT, notBefore: new Date(time.now() + 60_000) });
    // pollMs is a minute: only the wake-up on enqueue can send this soon.
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(1), { timeout: 5_000 });
    expect((await store.getDelivery(TENANT, later.id))?.delivery.status).toBe('queued');
    time.advance(60_000);
    outbox.wake();
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(2), { timeout: 5_000 });
  });

  it('stop() waits for the sends in flight and leaves none claimed', async () => {
    const smtp = await server({ acceptDelayMs: 300 });
    const { outbox, store, config } = setup();
    await saveSettings(config, TENANT, smtp);
    await Promise.all(Array.from({ length: 6 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();
    await vi.waitFor(() => expect(smtp.messages.length).toBeGreaterThan(0), { timeout: 5_000 });
    await outbox.stop();
    const statuses = (await deliveries(store)).map((d) => d.status);
    expect(statuses).not.toContain('sending');
    // Every message the server took while stop() waited was recorded as sent.
    expect(statuses.filter((status) => status === 'sent')).toHaveLength(smtp.messages.length);
    await outbox.stop();
  });

  it('keeps no timer that holds the process, and after stop() neither connections nor work', async () => {
    const smtp = await server();
    const { outbox, store, config } = setup();
    await saveSettings(config, TENANT, smtp);
    // What earlier tests left is still closing: count from a quiet moment.
    await vi.waitFor(async () => {
      const now = openSockets();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(openSockets()).toBe(now);
    });
    const sockets = openSockets();
    // Timers that keep the process alive; the worker's are unref'd, so a host that ends is not held up.
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    await outbox.start();
    await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await vi.waitFor(async () => expect((await deliveries(store))[0]?.status).toBe('sent'), {
      timeout: 5_000,
    });
    expect(openSockets()).toBeGreaterThan(sockets);
    expect(timers()).toBeLessThanOrEqual(before);
    await outbox.stop();
    await expectSocketsBackTo(sockets);
    let calls = 0;
    for (const method of ['claimDeliveries', 'nextDueAt', 'listHolds', 'expireDeliveries'] as const) {
      const original = store[method].bind(store) as (...args: unknown[]) => Promise<never>;
      (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls += 1;
        return original(...args);
      };
    }
    // Ten polls' time (pollMs is 20 here): a loop still running would have looked at the queue.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(0);
  });

  it('logs a store error in its loop and tries again, without an unhandled rejection', async () => {
    const smtp = await server();
    const { outbox, store, config, logger } = setup();
    await saveSettings(config, TENANT, smtp);
    const claim = store.claimDeliveries;
    let failures = 2;
    store.claimDeliveries = async (request) => {
      if (failures-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return claim(request);
    };
    await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await outbox.start();
    await vi.waitFor(async () => expect((await deliveries(store))[0]?.status).toBe('sent'), {
      timeout: 5_000,
    });
    expect(logger.lines.filter((line) => line.includes('could not read or update its queue'))).toHaveLength(
      2,
    );
  });

  it("rejects enqueue with the store's error when it cannot store", async () => {
    const { outbox, store } = setup();
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    store.addDelivery = async () => {
      throw full;
    };
    await expect(outbox.enqueue(MESSAGE, { tenant: TENANT })).rejects.toBe(full);
  });

  it('claims again a message whose worker died mid-send, sends it with the same Message-ID, and logs the attempt as resumed', async () => {
    const smtp = await server();
    const { outbox, store, config, time } = setup();
    await saveSettings(config, TENANT, smtp);
    const { id, messageId } = await outbox.enqueue(MESSAGE, { tenant: TENANT });
    // A worker of a process that is then killed: it claims the message and never finishes.
    const [claimed] = await store.claimDeliveries({
      now: config.clock().toISOString(),
      limit: 1,
      perTenant: 1,
      owner: 'killed-process',
      leaseUntil: new Date(time.now() + 60_000).toISOString(),
      skipTenants: [],
    });
    expect(claimed?.id).toBe(id);
    await outbox.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.messages).toHaveLength(0);
    time.advance(60_001);
    await vi.waitFor(
      async () => expect((await store.getDelivery(TENANT, id))?.delivery.status).toBe('sent'),
      {
        timeout: 5_000,
      },
    );
    expect(receivedMessageIds(smtp)).toEqual([messageId]);
    expect((await store.getDelivery(TENANT, id))?.attempts).toMatchObject([
      { outcome: 'sent', resumed: true },
    ]);
    const fresh = await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await vi.waitFor(
      async () => expect((await store.getDelivery(TENANT, fresh.id))?.delivery.status).toBe('sent'),
      { timeout: 5_000 },
    );
    expect((await store.getDelivery(TENANT, fresh.id))?.attempts[0]).not.toHaveProperty('resumed');
    // The dead worker's lease passed to this one: its late report is not recorded.
    expect(
      await store.finishAttempt(
        id,
        'killed-process',
        { status: 'failed', attempt: { number: 1, at: '', durationMs: 0, outcome: 'failed' } },
        config.clock().toISOString(),
      ),
    ).toBe(false);
  });
});
