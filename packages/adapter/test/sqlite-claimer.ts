/**
 * A worker in a process of its own, for tests that several processes share one SQLite outbox: once all
 * `workers` have started (each leaves a file in `readyDir` and waits for the others'), it claims every due
 * message of the database `filename`, a few at a time under its own `owner` name, records each as sent,
 * and prints the ids it claimed and finished as JSON. Arguments: filename, owner, readyDir, workers.
 *
 * @module
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sqliteStore } from '../src/stores/sqlite-store.js';

const [filename = '', owner = 'worker', readyDir = '', workers = '1'] = process.argv.slice(2);
const store = sqliteStore({ filename, busyTimeoutMs: 10_000 });
// Started together, or the first process up would claim everything before the others have loaded.
writeFileSync(join(readyDir, owner), '');
while (readdirSync(readyDir).length < Number(workers)) await sleep(5);
const now = '2026-01-01T01:00:00.000Z';
const claimed: string[] = [];
const finished: string[] = [];
for (;;) {
  const batch = await store.claimDeliveries({
    now,
    limit: 7,
    perTenant: 3,
    owner,
    leaseUntil: '2026-01-01T02:00:00.000Z',
    skipTenants: [],
  });
  if (batch.length === 0) break;
  claimed.push(...batch.map(({ id }) => id));
  // All at once, as a worker's parallel sends end: the finishes share one commit.
  const attempt = { number: 1, at: now, durationMs: 1, outcome: 'sent' as const };
  const results = await Promise.all(
    batch.map(({ id }) => store.finishAttempt(id, owner, { status: 'sent', attempt }, now)),
  );
  finished.push(...batch.filter((_, index) => results[index]).map(({ id }) => id));
}
await store.close();
process.stdout.write(JSON.stringify({ claimed, finished }));
