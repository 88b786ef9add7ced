/**
 * Requests per second of the adapter's `GET /settings` against a bare Hono route on @hono/node-server,
 * per store, each as a ratio measured in this one run; also how fast a test against a refused port fails.
 *
 * Fair by construction: every server runs alone in a child process (bench/settings-server.mjs) on the
 * same @hono/node-server, loaded by the same autocannon settings (10 connections, no pipelining, 1 s
 * warm-up, then BENCH_SECONDS); the baseline route answers the same body length and the same headers
 * as the adapter, which is checked before measuring. Runs alternate — baseline, store, baseline, next
 * store — and each ratio is the median of its rounds, since single runs on a busy 2-core machine vary
 * by about ±15 %. The server's CPU time per request is printed too: it depends far less on what else
 * the machine is doing than requests per second do.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/adapter.mjs` (BENCH_SECONDS=3, BENCH_ROUNDS=3).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from './lib/stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const TARGETS = { memory: 0.9, sqlite: 0.65, postgres: undefined };
const server = fileURLToPath(new URL('./settings-server.mjs', import.meta.url));

async function start(kind) {
  const child = fork(server, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`server exited with ${code}`))),
  ]);
  return { child, url: `http://127.0.0.1:${message.port}/api/smtp/settings` };
}

async function stop(child) {
  child.send('stop');
  await once(child, 'exit');
}

async function cpuMicros(child) {
  child.send('cpu');
  const [{ cpu }] = await once(child, 'message');
  return cpu.user + cpu.system;
}

async function measure(kind) {
  const { child, url } = await start(kind);
  try {
    await autocannon({ url, connections: CONNECTIONS, duration: 1 });
    const before = await cpuMicros(child);
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
    const cpu = (await cpuMicros(child)) - before;
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.requests.average, cpuPerRequest: cpu / result.requests.total };
  } finally {
    await stop(child);
  }
}

/** The header names and body length of one answer, to prove the baseline answers what the adapter does. */
async function shapeOf(kind) {
  const { child, url } = await start(kind);
  try {
    const res = await fetch(url);
    const names = [...res.headers.keys()].filter((name) => name !== 'date' && name !== 'keep-alive');
    return { status: res.status, headers: names.sort().join(', '), bytes: (await res.text()).length };
  } finally {
    await stop(child);
  }
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
      // Each Test is a security event at info; fifty of them would bury the results.
      logger: { error: console.error, warn: console.warn, info: () => {} },
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
  return median(times);
}

const adapterShape = await shapeOf('memory');
const baselineShape = await shapeOf('same');
if (JSON.stringify(adapterShape) !== JSON.stringify(baselineShape)) {
  throw new Error(
    `the baseline must answer what the adapter answers: ${JSON.stringify({ adapterShape, baselineShape })}`,
  );
}

const runs = { same: [], plain: [], memory: [], sqlite: [], postgres: [] };
const ratios = { memory: [], sqlite: [], postgres: [] };
const ofPlain = { memory: [], sqlite: [], postgres: [] };
const skipped = {};
for (let round = 0; round < ROUNDS; round += 1) {
  const plain = await measure('plain');
  runs.plain.push(plain);
  for (const kind of Object.keys(ratios)) {
    if (skipped[kind]) continue;
    const same = await measure('same');
    runs.same.push(same);
    try {
      const run = await measure(kind);
      runs[kind].push(run);
      ratios[kind].push(run.rps / same.rps);
      ofPlain[kind].push(run.rps / plain.rps);
    } catch (error) {
      skipped[kind] = error.message;
    }
  }
}

const rps = (kind) => Math.round(median(runs[kind].map((run) => run.rps)));
const cpu = (kind) => `${median(runs[kind].map((run) => run.cpuPerRequest)).toFixed(1)} µs CPU/request`;
console.log(
  `GET /settings: ${SECONDS} s per run after 1 s warm-up, ${CONNECTIONS} connections (autocannon), median of ${ROUNDS} alternating rounds`,
);
console.log(`answers compared: ${baselineShape.bytes} bytes of JSON with headers ${baselineShape.headers}`);
console.log(`bare Hono, same answer:   ${rps('same')} req/s, ${cpu('same')}`);
console.log(`bare Hono, no headers:    ${rps('plain')} req/s, ${cpu('plain')}`);
for (const kind of Object.keys(ratios)) {
  const label = `adapter (${kind}):`.padEnd(25);
  if (skipped[kind]) {
    console.log(label, `skipped: ${skipped[kind]}`);
    continue;
  }
  const target = TARGETS[kind] === undefined ? '' : ` (target ≥ ${TARGETS[kind]})`;
  const rounds = ratios[kind].map((ratio) => ratio.toFixed(2)).join(', ');
  console.log(
    label,
    `${median(ratios[kind]).toFixed(2)} of bare Hono${target} [${rounds}]; ` +
      `${median(ofPlain[kind]).toFixed(2)} of the header-less route; ${rps(kind)} req/s, ${cpu(kind)}`,
  );
}
console.log(`refused port fails in:    ${(await refusedPortMs()).toFixed(1)} ms (median of 50 tests)`);
