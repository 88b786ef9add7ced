import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { deliveriesOf } from '../../../test/delivery-fixture.js';
import { spawnTypeScript } from '../../../test/fresh-process.js';
import { OUTBOX_PASSWORD, OUTBOX_USER, saveSettings } from '../../../test/outbox-fixture.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import {
  decodedHeader,
  type SmtpServerFixture,
  startSmtpServer,
  testCertificates,
} from '../../../test/smtp-server-fixture.js';
import { createSmtpConfig, type SmtpConfig } from '../../config/smtp-config.js';
import { postgresStore } from '../../stores/postgres-store.js';
import { createOutbox } from '../create-outbox.js';

const INSTANCE = new URL('../../../test/engine-instance.ts', import.meta.url);
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'];
/** Short, so a killed instance's messages are sent again soon; long enough that no send outlasts it on a busy machine. */
const LEASE_MS = 4_000;

const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-scale-out-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, testCertificates().ca);
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
afterAll(async () => {
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

/** How many copies of each Message-ID the server received. */
function copiesAt(server: SmtpServerFixture): Map<string, number> {
  const copies = new Map<string, number>();
  for (const { raw } of server.messages) {
    const id = decodedHeader(raw, 'Message-ID') ?? '';
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  return copies;
}

describe.each([
  {
    engine: 'pg-boss',
    where: () => testSchemaName(),
    cleanup: (schema: string) => dropTestSchema(schema),
  },
  {
    engine: 'bullmq',
    where: () => `smtp-settings-test-${randomUUID()}`,
    cleanup: async (prefix: string) => {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
    },
  },
])('instances of a host sharing one queue on $engine', ({ engine, where, cleanup }) => {
  const instances: ChildProcess[] = [];
  const servers: SmtpServerFixture[] = [];
  let queue = '';
  let schema = '';
  const secretKey = randomBytes(32).toString('base64');

  afterEach(async () => {
    for (const child of instances.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await cleanup(queue);
    await dropTestSchema(schema);
  });

  /** The shared PostgreSQL store, seen from the test (an instance of its own that only enqueues), and its config. */
  function shared(): { store: ReturnType<typeof postgresStore>; config: SmtpConfig } {
    queue = where();
    schema = testSchemaName();
    const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema });
    const config = createSmtpConfig({ store, secretKey, smtpTls: { ca: testCertificates().ca } });
    return { store, config };
  }

  /** Starts an instance in a process of its own, resolving once it runs. */
  async function instance(rate = '-'): Promise<ChildProcess> {
    const child = spawnTypeScript(INSTANCE, {
      args: [`postgres:${schema}`, `${engine}:${queue}`, caFile, String(LEASE_MS), rate],
      env: { OUTBOX_SECRET_KEY: secretKey },
    });
    instances.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const started = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('started')) resolve();
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`an instance exited (${code ?? signal}): ${stderr}`)),
      );
    });
    child.stdin?.write('start\n');
    await started;
    return child;
  }

  it('loses no message when instances are killed mid-send, and sends again only what was in flight', {
    timeout: 240_000,
  }, async () => {
    const MESSAGES = 900;
    const KILL_EVERY = 150;
    let arrivals = 0;
    let onArrival: (() => void) | undefined;
    const server = await startSmtpServer({
      security: 'tls',
      users: { [OUTBOX_USER]: OUTBOX_PASSWORD },
      acceptDelayMs: 5,
      onReceived: () => {
        arrivals += 1;
        onArrival?.();
      },
    });
    servers.push(server);
    const { store, config } = shared();
    for (const tenant of TENANTS) await saveSettings(config, tenant, server, { security: 'tls' });
    const running = await Promise.all([instance(), instance(), instance()]);

    const producer = createOutbox({ config });
    const enqueued = await Promise.all(
      Array.from({ length: MESSAGES }, (_, n) =>
        producer.enqueue(
          { to: `reader-${n}@example.com`, subject: `Scale-out message ${n}`, text: `Body ${n}` },
          { tenant: TENANTS[n % TENANTS.length] as string },
        ),
      ),
    );

    // Once KILL_EVERY messages arrived, and again at twice as many, kill an instance (SIGKILL, mid-send)
    // and start another. A mark the drain passed while the last replacement started kills at once: counted
    // from the kill before, it could lie past the last message and never come.
    const claimsInFlight = new Set<string>();
    for (let kill = 0; kill < 2; kill += 1) {
      const target = (kill + 1) * KILL_EVERY;
      await new Promise<void>((resolve) => {
        onArrival = () => {
          if (arrivals < target) return;
          onArrival = undefined;
          running[kill]?.kill('SIGKILL');
          resolve();
        };
        onArrival();
      });
      await once(running[kill] as ChildProcess, 'exit');
      for (const tenant of TENANTS) {
        for (const { messageId, updatedAt } of await deliveriesOf(store, tenant, 'sending')) {
          claimsInFlight.add(`${messageId} ${updatedAt}`);
        }
      }
      running.push(await instance());
    }

    await vi.waitFor(
      async () => {
        for (const tenant of TENANTS) {
          expect((await deliveriesOf(store, tenant)).filter(({ status }) => status !== 'sent')).toEqual([]);
        }
      },
      { timeout: 120_000, interval: 250 },
    );
    const copies = copiesAt(server);
    expect(enqueued.filter(({ messageId }) => !copies.has(messageId))).toEqual([]);
    expect(copies.size).toBe(MESSAGES);
    const duplicates = [...copies.values()].reduce((sum, count) => sum + count - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(claimsInFlight.size);
    await store.close();
    console.info(
      `scale-out on ${engine}: ${MESSAGES} messages, 3 instances, 2 killed mid-send, 0 lost, ${duplicates} duplicates (at most ${claimsInFlight.size} in flight)`,
    );
  });

  it('holds a tenant on every instance, resumes everywhere after a save, and keeps its rate across instances', {
    timeout: 120_000,
  }, async () => {
    const server = await startSmtpServer({ security: 'tls', users: { [OUTBOX_USER]: OUTBOX_PASSWORD } });
    servers.push(server);
    const { store, config } = shared();
    await saveSettings(config, 'acme', server, { security: 'tls', password: 'wrong-Pa55word-never-logged' });
    await Promise.all([instance('4/1000'), instance('4/1000'), instance('4/1000')]);
    const producer = createOutbox({ config });
    const enqueued = await Promise.all(
      Array.from({ length: 16 }, (_, n) =>
        producer.enqueue({ to: 'qa@example.com', subject: `Held ${n}`, text: 'Body' }, { tenant: 'acme' }),
      ),
    );
    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 30_000 });
    expect(server.messages).toHaveLength(0);

    await saveSettings(config, 'acme', server, { security: 'tls' });
    await vi.waitFor(
      async () => expect((await deliveriesOf(store, 'acme', 'sent')).length).toBe(enqueued.length),
      { timeout: 60_000, interval: 250 },
    );
    expect([...copiesAt(server).keys()].sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());

    const starts: number[] = [];
    for (const { id } of await deliveriesOf(store, 'acme')) {
      for (const attempt of (await store.getDelivery('acme', id))?.attempts ?? [])
        starts.push(Date.parse(attempt.at));
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      expect(starts.filter((other) => other >= start && other < start + 1_000).length).toBeLessThanOrEqual(4);
    }
    await store.close();
  });
});
