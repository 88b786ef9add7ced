import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, vi, expect } from 'vitest';
import { saveSettings, startOutboxServer } from '../packages/adapter/test/outbox-fixture.js';
import { TEST_DATABASE_URL, testSchemaName } from '../packages/adapter/test/postgres-fixture.js';
import { createSmtpConfig } from '../packages/adapter/src/config/smtp-config.js';
import { createOutbox } from '../packages/adapter/src/outbox/create-outbox.js';
import { pgBossEngine } from '../packages/adapter/src/outbox/engines/pg-boss-engine.js';
import { bullmqEngine } from '../packages/adapter/src/outbox/engines/bullmq-engine.js';
import { sqliteStore } from '../packages/adapter/src/stores/sqlite-store.js';
import { memoryStore } from '../packages/adapter/src/stores/memory-store.js';

for (const kind of ['none', 'pg-boss', 'bullmq'] as const) for (const storeKind of ['memory', 'sqlite'] as const)
it(`speed ${kind} ${storeKind}`, { timeout: 120_000 }, async () => {
  const servers: any[] = [];
  const server = await startOutboxServer(servers, {});
  const store = storeKind === 'memory' ? memoryStore() : sqliteStore({ filename: join(mkdtempSync(join(tmpdir(), 'sp-')), 'a.db') });
  const config = createSmtpConfig({ store, secretKey: randomBytes(32).toString('base64') });
  const tenants = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (const t of tenants) await saveSettings(config, t, server);
  const engine = kind === 'pg-boss' ? pgBossEngine({ connectionString: TEST_DATABASE_URL, schema: testSchemaName(), pollMs: 500 }) : kind === 'bullmq' ? bullmqEngine({ connection: { host: '127.0.0.1', port: 6379 }, prefix: `sp-${Date.now()}` }) : undefined;
  const outbox = createOutbox({ config, ...(engine && { engine }), pollMs: 200, maintenanceMs: 1000 });
  await outbox.start();
  const began = Date.now();
  await Promise.all(Array.from({ length: 600 }, (_, n) => outbox.enqueue({ to: 'x@example.com', subject: `m ${n}`, text: 'b' }, { tenant: tenants[n % 6]! })));
  await vi.waitFor(() => expect(server.messages.length).toBe(600), { timeout: 100_000, interval: 50 });
  console.log(kind, storeKind, Date.now() - began, 'ms');
  await outbox.stop();
  await server.close();
});
