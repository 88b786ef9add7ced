import { afterEach, describe, expect, it } from 'vitest';
import {
  memoryConfig,
  OUTBOX_PASSWORD,
  OUTBOX_USER,
  recordingHolds,
  saveSettings,
  startOutboxServer,
} from '../../../test/outbox-fixture.js';
import { refusedPort, type SmtpServerFixture } from '../../../test/smtp-server-fixture.js';
import { outboxMailerPool } from '../outbox-mailer-pool.js';
import { type OutboxOwnOptions, resolveOutboxOptions } from '../outbox-options.js';
import { createHealthCheck } from './health-check.js';

const TENANT = 'acme';
const WRONG_PASSWORD = 'wrong-Pa55word-never-logged';

const servers: SmtpServerFixture[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A health check on a new memory store and an outbox's mailer pool (`options` its own), with the health changes it reported. */
function setup(options: OutboxOwnOptions = {}) {
  const { store, config, logger } = memoryConfig();
  const { holds, health } = recordingHolds(store, config.clock);
  const pool = outboxMailerPool(config, resolveOutboxOptions(options));
  const check = createHealthCheck({ config, holds, logger, pool });
  return { store, config, logger, holds, health, pool, check };
}

describe('the scheduled health check', () => {
  it('connects and logs in with the saved settings, and sends nothing', async () => {
    const server = await startOutboxServer(servers);
    const { config, holds, health, check } = setup();
    await saveSettings(config, TENANT, server);

    await check(TENANT);

    expect(server.logins).toEqual([{ method: 'PLAIN', user: OUTBOX_USER, accepted: true }]);
    expect(server.messages).toEqual([]);
    expect(holds.has(TENANT)).toBe(false);
    expect(health).toEqual([]);
  });

  it('holds a tenant whose login is refused, telling the host once, and skips it until a save', async () => {
    const server = await startOutboxServer(servers);
    const { store, config, logger, holds, health, check } = setup();
    await saveSettings(config, TENANT, server, { password: WRONG_PASSWORD });

    await check(TENANT);
    await check(TENANT);

    expect(holds.has(TENANT)).toBe(true);
    expect(await store.listHolds()).toEqual([
      expect.objectContaining({
        tenant: TENANT,
        revision: 1,
        failure: expect.objectContaining({ stage: 'auth' }),
      }),
    ]);
    expect(health).toEqual([
      expect.objectContaining({
        tenant: TENANT,
        ok: false,
        error: expect.objectContaining({ stage: 'auth' }),
      }),
    ]);
    // The held tenant waits for a save: the second run did not log in again.
    expect(server.logins).toHaveLength(1);
    expect(server.logins[0]?.accepted).toBe(false);
    expect(logger.lines.join('\n')).not.toContain(WRONG_PASSWORD);

    await saveSettings(config, TENANT, server, { password: OUTBOX_PASSWORD });
    expect(await holds.refresh()).toEqual([TENANT]);
    await check(TENANT);
    expect(server.logins.at(-1)).toMatchObject({ accepted: true });
  });

  it('only logs a failure that may pass, such as a refused connection', async () => {
    const { config, logger, holds, health, check } = setup();
    await saveSettings(config, TENANT, { host: '127.0.0.1', port: await refusedPort() });

    await check(TENANT);

    expect(holds.has(TENANT)).toBe(false);
    expect(health).toEqual([]);
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /a scheduled check of a tenant failed for a reason that may pass.*"CONNECTION_REFUSED"/,
      ),
    ]);
  });

  it('leaves a tenant without saved settings alone', async () => {
    const { holds, health, check } = setup();
    await check('nobody');
    expect(holds.has('nobody')).toBe(false);
    expect(health).toEqual([]);
  });

  it("keeps to the outbox's connection cap: six tenants at once get its two, the rest wait for the next period", async () => {
    const tenants = ['t1', 't2', 't3', 't4', 't5', 't6'];
    const users = Object.fromEntries(tenants.map((tenant) => [`${tenant}@example.com`, OUTBOX_PASSWORD]));
    const server = await startOutboxServer(servers, { users });
    const { config, logger, pool, check } = setup({ maxConnections: 2, perTenant: 1 });
    for (const tenant of tenants)
      await saveSettings(config, tenant, server, { username: `${tenant}@example.com` });

    await Promise.all(tenants.map((tenant) => check(tenant)));
    expect(server.peakConnections).toBeLessThanOrEqual(2);
    expect(server.logins).toHaveLength(2);
    const skipped = logger.lines.filter((line) => line.includes('no free connection for a health check'));
    expect(skipped).toHaveLength(4);
    // The checks' mailers were closed at once: the pool is free for sends and the next period.
    expect(pool.tenants()).toEqual([]);

    for (const tenant of tenants) await check(tenant);
    expect(server.logins).toHaveLength(8);
    expect(server.peakConnections).toBeLessThanOrEqual(2);
  });

  it("takes no connection while sends fill the pool, nor beside a tenant's own sending mailer", async () => {
    const server = await startOutboxServer(servers);
    const { config, pool, check } = setup({ maxConnections: 1, perTenant: 1 });
    await saveSettings(config, TENANT, server);
    await saveSettings(config, 'globex', server);
    // A send in flight for globex holds the only slot.
    expect(pool.acquire('globex')).toBeDefined();
    await check(TENANT);
    await check('globex');
    expect(server.connections).toBe(0);
    pool.release('globex');
    await check(TENANT);
    expect(server.logins).toEqual([expect.objectContaining({ accepted: true })]);
    await pool.close();
  });
});
