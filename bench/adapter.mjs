/**
 * Requests per second of the adapter's `GET /settings` against a bare Hono route answering the same
 * JSON on @hono/node-server, per store, each as a ratio measured in this one run (autocannon, the
 * server in a child process). Also times how fast a test against a refused port fails.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/adapter.mjs` (BENCH_SECONDS=5).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
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

const bare = await measure('bare');
console.log(`GET /settings, ${SECONDS} s per run, 10 connections (autocannon)`);
console.log(`bare Hono route:        ${Math.round(bare)} req/s`);
for (const kind of ['memory', 'sqlite', 'postgres']) {
  let rps;
  try {
    rps = await measure(kind);
  } catch (error) {
    console.log(`adapter (${kind}):`.padEnd(24), `skipped: ${error.message}`);
    continue;
  }
  const target = TARGETS[kind] === undefined ? '' : ` (target ≥ ${TARGETS[kind]})`;
  console.log(
    `adapter (${kind}):`.padEnd(24),
    `${Math.round(rps)} req/s, ${(rps / bare).toFixed(2)} of bare Hono${target}`,
  );
}
console.log(`refused port fails in:  ${(await refusedPortMs()).toFixed(1)} ms (median of 50 tests)`);
