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
import { createHealthCheck } from './health-check.js';

const TENANT = 'acme';
const WRONG_PASSWORD = 'wrong-Pa55word-never-logged';

const servers: SmtpServerFixture[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A health check on a new memory store, with the health changes it reported. */
function setup() {
  const { store, config, logger } = memoryConfig();
  const { holds, health } = recordingHolds(store, config.clock);
  const check = createHealthCheck({ config, holds, logger });
  return { store, config, logger, holds, health, check };
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
});
