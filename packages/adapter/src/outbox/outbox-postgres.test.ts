import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  capturingLogger,
  receivedMessageIds,
  saveSettings,
  startOutboxServer,
  testClock,
} from '../../test/outbox-fixture.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../test/postgres-fixture.js';
import type { SmtpServerFixture } from '../../test/smtp-server-fixture.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { postgresStore } from '../stores/postgres-store.js';
import { createOutbox, type Outbox } from './create-outbox.js';

const BODY = 'body-text-never-logged-9c2e';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: BODY };
const TENANTS = ['acme', 'globex', 'initech'];

const servers: SmtpServerFixture[] = [];
const outboxes: Outbox[] = [];
const stores: Array<ReturnType<typeof postgresStore>> = [];
let schema: string;

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await dropTestSchema(schema);
});

/** An instance of the host: its own store (and pool) on the shared schema, and its own outbox. */
function instance(secretKey: string) {
  const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema });
  stores.push(store);
  const logger = capturingLogger();
  const config = createSmtpConfig({ store, secretKey, logger, clock: testClock().clock });
  const outbox = createOutbox({ config, pollMs: 20 });
  outboxes.push(outbox);
  return { store, config, outbox, logger };
}

describe('the outbox on PostgreSQL', () => {
  it('delivers each message once when two instances share the database, and keeps no content', async () => {
    schema = testSchemaName();
    const smtp = await startOutboxServer(servers);
    const secretKey = randomBytes(32).toString('base64');
    const [first, second] = [instance(secretKey), instance(secretKey)];
    for (const tenant of TENANTS) await saveSettings(first.config, tenant, smtp);

    const enqueued = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        (n % 2 === 0 ? first : second).outbox.enqueue(MESSAGE, { tenant: TENANTS[n % 3] as string }),
      ),
    );
    await Promise.all([first.outbox.start(), second.outbox.start()]);

    await vi.waitFor(
      async () => {
        for (const tenant of TENANTS) {
          const { counts } = await first.store.countDeliveries(tenant, '2000-01-01T00:00:00.000Z');
          expect(counts).toMatchObject({ sent: 10, queued: 0, sending: 0, retrying: 0, failed: 0 });
        }
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(receivedMessageIds(smtp).sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
    expect(smtp.messages.every(({ raw }) => raw.includes(BODY))).toBe(true);
    // Delivered: nothing of the content is left to re-seal or to leak.
    expect(await second.store.listSealedContents(undefined, 10)).toEqual([]);
    for (const { lines } of [first.logger, second.logger]) {
      expect(lines.filter((line) => line.includes(BODY))).toEqual([]);
    }
  });
});
