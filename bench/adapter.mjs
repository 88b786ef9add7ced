/**
 * Requests per second of the adapter's `GET /settings` against a bare Hono route answering the same
 * JSON on @hono/node-server, per store, each as a ratio measured in this one run (autocannon, the
 * server in a child process). Also times how fast a test against a refused port fails.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/adapter.mjs` (BENCH_SECONDS=3, BENCH_ROUNDS=3).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TARGETS = { memory: 0.9, sqlite: 0.65, postgres: undefined };
const server = fileURLToPath(new URL('./settings-server.mjs', import.meta.url));

async function measure(kind) {
  const child = fork(server, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = await once(child, 'message');
  const url = `http://127.0.0.1:${port}/api/smtp/settings`;
  await autocannon({ url, connections: 10, duration: 1 }); // warm-up
  const result = await autocannon({ url, connections: 10, duration: SECONDS });
  child.send('stop');
  await once(child, 'exit');
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function refusedPortMs() {
  const { createSmtpSettings, memoryStore } = await import('@smtp-settings/adapter');
  const { Hono } = await import('hono');
  const app = new Hono().route(
    '/api/smtp',
    createSmtpSettings({
      store: memoryStore(),
      secretKey: Buffer.alloc(32, 7).toString('base64'),
      publicUrl: 'http://127.0.0.1/api/smtp',
      authorize: () => true,
      testRateLimit: false,
    }),
  );
  const body = JSON.stringify({
    settings: { authType: 'basic', host: '127.0.0.1', port: 9, security: 'none', fromEmail: 'a@example.com' },
  });
  const times = [];
  for (let i = 0; i < 50; i += 1) {
    const start = performance.now();
    const res = await app.request('/api/smtp/test', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    const answer = await res.json();
    if (answer.error?.code !== 'CONNECTION_REFUSED')
      throw new Error(`expected CONNECTION_REFUSED, got ${JSON.stringify(answer.error)}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// Bare Hono and the adapter run alternately, round after round, and each store's ratio is the median of
// its per-round ratios: single runs on a busy 2-core machine vary by about ±15 %.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratios = { memory: [], sqlite: [], postgres: [] };
const bares = [];
const skipped = {};
for (let round = 0; round < ROUNDS; round += 1) {
  for (const kind of Object.keys(ratios)) {
    if (skipped[kind]) continue;
    const bare = await measure('bare');
    bares.push(bare);
    try {
      ratios[kind].push((await measure(kind)) / bare);
    } catch (error) {
      skipped[kind] = error.message;
    }
  }
}
console.log(`GET /settings, ${SECONDS} s per run, 10 connections (autocannon), median of ${ROUNDS} rounds`);
console.log(`bare Hono route:        ${Math.round(median(bares))} req/s`);
for (const [kind, values] of Object.entries(ratios)) {
  const label = `adapter (${kind}):`.padEnd(24);
  if (skipped[kind]) {
    console.log(label, `skipped: ${skipped[kind]}`);
    continue;
  }
  const target = TARGETS[kind] === undefined ? '' : ` (target ≥ ${TARGETS[kind]})`;
  console.log(
    label,
    `${median(values).toFixed(2)} of bare Hono${target}  [${values.map((r) => r.toFixed(2)).join(', ')}]`,
  );
}
console.log(`refused port fails in:  ${(await refusedPortMs()).toFixed(1)} ms (median of 50 tests)`);
