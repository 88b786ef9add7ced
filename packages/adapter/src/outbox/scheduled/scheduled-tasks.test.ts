import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  memoryConfig,
  OUTBOX_PASSWORD,
  recordingHolds,
  saveSettings,
  startOutboxServer,
  testClock,
} from '../../../test/outbox-fixture.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import type { SmtpServerFixture } from '../../../test/smtp-server-fixture.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { createOutbox, type Outbox } from '../create-outbox.js';
import { pgBossEngine } from '../engines/pg-boss-engine.js';
import type { OutboxHealth } from '../holds.js';
import { outboxMailerPool } from '../outbox-mailer-pool.js';
import { resolveOutboxOptions } from '../outbox-options.js';
import { scheduledTasks } from './scheduled-tasks.js';
import { SLOTS, slotOf } from './tenant-slot.js';

const WRONG_PASSWORD = 'wrong-Pa55word-never-logged';
const HOUR = 3_600_000;

/** The mailer pool an outbox with default options would give its scheduled tasks. */
const poolOf = (config: SmtpConfig) => outboxMailerPool(config, resolveOutboxOptions({}));

const servers: SmtpServerFixture[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Two tenant names in different slots. */
function tenantsInTwoSlots(): [string, string] {
  const first = 'acme';
  for (let index = 0; ; index += 1) {
    const other = `tenant-${index}`;
    if (slotOf(other) !== slotOf(first)) return [first, other];
  }
}

/** The start of `tenant`'s slot in the period of `periodMs` after 2026-12-06. */
function slotStart(tenant: string, periodMs: number): number {
  const periodStart = Math.ceil(Date.parse('2026-12-06T00:00:00.000Z') / periodMs) * periodMs;
  return periodStart + slotOf(tenant) * (periodMs / SLOTS);
}

describe('the scheduled options', () => {
  it('default to an hourly health check and a keep-alive every 3 days, and take false to turn them off', () => {
    expect(resolveOutboxOptions({})).toMatchObject({ healthCheckMs: HOUR, keepAliveMs: 72 * HOUR });
    expect(resolveOutboxOptions({ healthCheckMs: false, keepAliveMs: false })).toMatchObject({
      healthCheckMs: false,
      keepAliveMs: false,
    });
  });

  it('refuse anything else, naming the option', () => {
    const { config } = memoryConfig();
    expect(() => createOutbox({ config, healthCheckMs: 0 })).toThrow(/`healthCheckMs`.*or false/);
    expect(() => createOutbox({ config, healthCheckMs: Number.POSITIVE_INFINITY })).toThrow(
      /`healthCheckMs`/,
    );
    expect(() => createOutbox({ config, keepAliveMs: true as never })).toThrow(TypeError);
    expect(() => createOutbox({ config, keepAliveMs: '3d' as never })).toThrow(/`keepAliveMs`/);
  });
});

describe('scheduledTasks', () => {
  it('runs each check SLOTS times a period, beside the hourly flow purge, and leaves out what is off', () => {
    const { store, config } = memoryConfig();
    const { holds } = recordingHolds(store, config.clock);
    const tasks = (settings: { healthCheckMs: number | false; keepAliveMs: number | false }) =>
      scheduledTasks({ config, settings, holds, pool: poolOf(config) }).map(({ name, periodMs }) => [
        name,
        periodMs,
      ]);
    expect(tasks({ healthCheckMs: HOUR, keepAliveMs: 72 * HOUR })).toEqual([
      ['oauth-flow-purge', HOUR],
      ['health-check', HOUR / SLOTS],
      ['oauth-keep-alive', (72 * HOUR) / SLOTS],
    ]);
    expect(tasks({ healthCheckMs: false, keepAliveMs: false })).toEqual([['oauth-flow-purge', HOUR]]);
  });

  it('checks the tenants whose slot is current, and only those', async () => {
    const [first, second] = tenantsInTwoSlots();
    const server = await startOutboxServer(servers, {
      users: { [`${first}@example.com`]: OUTBOX_PASSWORD, [`${second}@example.com`]: OUTBOX_PASSWORD },
    });
    const time = testClock(slotStart(second, HOUR) + 1_000);
    const { store, config } = memoryConfig({ clock: time.clock });
    for (const tenant of [first, second]) {
      await saveSettings(config, tenant, server, { username: `${tenant}@example.com` });
    }
    const { holds } = recordingHolds(store, config.clock);
    const check = scheduledTasks({
      config,
      settings: { healthCheckMs: HOUR, keepAliveMs: false },
      holds,
      pool: poolOf(config),
    }).find((task) => task.name === 'health-check');

    await check?.run();
    expect(server.logins.map(({ user }) => user)).toEqual([`${second}@example.com`]);
    time.advance(slotStart(first, HOUR) + HOUR - time.now());
    await check?.run();
    expect(server.logins.map(({ user }) => user)).toEqual([`${second}@example.com`, `${first}@example.com`]);
    expect(server.messages).toEqual([]);
  });

  it('deletes expired OAuth flows', async () => {
    const { store, config, time } = memoryConfig();
    const { holds } = recordingHolds(store, config.clock);
    const flow = (id: string, expiresInMs: number) => ({
      id,
      tenant: 'acme',
      status: 'started' as const,
      data: {},
      createdAt: config.clock().toISOString(),
      expiresAt: new Date(time.now() + expiresInMs).toISOString(),
    });
    await config.store.createFlow(flow('expired', -1_000));
    await config.store.createFlow(flow('current', 60_000));
    const purge = scheduledTasks({
      config,
      settings: { healthCheckMs: false, keepAliveMs: false },
      holds,
      pool: poolOf(config),
    })[0];

    await purge?.run();
    expect(await config.store.getFlow('acme', 'expired')).toBeNull();
    expect(await config.store.getFlow('acme', 'current')).not.toBeNull();
  });

  it('warns and runs no checks on a store that cannot list its tenants', () => {
    const { store: full, config, logger } = memoryConfig();
    const { listTenants: _, ...store } = full;
    const { holds } = recordingHolds(full, config.clock);
    const tasks = scheduledTasks({
      config: { ...config, store },
      settings: { healthCheckMs: HOUR, keepAliveMs: false },
      holds,
      pool: poolOf(config),
    });
    expect(tasks.map(({ name }) => name)).toEqual(['oauth-flow-purge']);
    expect(logger.lines).toEqual([expect.stringContaining('cannot list its tenants')]);
  });
});

describe('an outbox with health checks', () => {
  it('embedded: holds a tenant whose login fails on its own timer, before any mail, and stops with the outbox', async () => {
    const server = await startOutboxServer(servers);
    // The real clock, so the slots pass by: with 600 ms, every tenant is checked within 0.6 s.
    const { config } = memoryConfig({ clock: () => new Date() });
    await saveSettings(config, 'acme', server, { password: WRONG_PASSWORD });
    const health: OutboxHealth[] = [];
    const outbox = createOutbox({
      config,
      healthCheckMs: 600,
      keepAliveMs: false,
      onHealthChange: (change) => health.push(change),
    });
    outboxes.push(outbox);
    await outbox.start();

    await vi.waitFor(() => expect(health).toEqual([expect.objectContaining({ tenant: 'acme', ok: false })]), {
      timeout: 5_000,
    });
    await outbox.stop();
    const logins = server.logins.length;
    await sleep(100);
    expect(server.logins).toHaveLength(logins);
    expect(server.messages).toEqual([]);
  });

  it('on pg-boss: the engine runs the health check beside the maintenance', async () => {
    const server = await startOutboxServer(servers);
    // The clock stands in the tenant's slot, so each run of the task checks it.
    const time = testClock(slotStart('acme', 60_000) + 100);
    const { config } = memoryConfig({ clock: time.clock });
    await saveSettings(config, 'acme', server, { password: WRONG_PASSWORD });
    const schema = testSchemaName();
    const health: OutboxHealth[] = [];
    const outbox = createOutbox({
      config,
      engine: pgBossEngine({ connectionString: TEST_DATABASE_URL, schema, pollMs: 500 }),
      healthCheckMs: 60_000,
      keepAliveMs: false,
      onHealthChange: (change) => health.push(change),
    });
    outboxes.push(outbox);
    try {
      await outbox.start();
      await vi.waitFor(
        () => expect(health).toEqual([expect.objectContaining({ tenant: 'acme', ok: false })]),
        {
          timeout: 15_000,
        },
      );
      expect(server.messages).toEqual([]);
    } finally {
      await outbox.stop();
      await dropTestSchema(schema);
    }
  }, 30_000);
});
