/**
 * Delivered throughput of the smtp-settings outbox against raw pooled nodemailer, both sending to the same
 * local smtp-server in a child process (bench/lib/sink.mjs) that requires AUTH (PLAIN over a plain
 * connection, as in bench/mailer.mjs): a round enqueues the messages, starts the outbox and waits until the
 * store says all are sent; raw nodemailer sends the same number through a fresh pool with the same
 * connections (5) and sends in flight (20). Rounds alternate, each side going first every other round; the
 * figure is the median of the per-round ratios, for the SQLite store (a fresh database file: the embedded
 * default, which the target is for), then the memory store. First, 1,000 tenants × 10 messages go through the outbox: the open
 * connections at the server never pass the cap, and the heap a tenant costs once idle is reported (run with
 * `--expose-gc`).
 *
 * Needs the built packages (`npm run build`). Usage: `node --expose-gc bench/outbox-throughput.mjs`
 * (BENCH_MESSAGES=2000, BENCH_ROUNDS=5, BENCH_STORE=sqlite,memory: the stores measured in turn, the first also
 * for the tenants; BENCH_TENANTS=1000, 0 to skip that part).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOutbox, createSmtpConfig } from '@smtp-settings/adapter';
import { untilSent } from './lib/delivered.mjs';
import { FROM, MESSAGE, POOL, rawTransport, seed, startSink } from './lib/sink.mjs';
import { cpuPerMessage, formatList, formatRate, measureSends, median } from './lib/stats.mjs';
import { openStore } from './lib/stores.mjs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// SQLite, the embedded default the target is for, first; the memory store after it for comparison.
const STORES = (process.env.BENCH_STORE ?? 'sqlite,memory').split(',');
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const PER_TENANT = 10;
const CONCURRENCY = 20;
const CONNECTIONS = POOL.maxConnections;
const TARGET = 0.8;
const silent = { error: () => {}, warn: () => {}, info: () => {} };

/** Sends `count` messages through a fresh raw nodemailer pool, `CONCURRENCY` at a time; answers messages per second and CPU per message. */
async function measureRaw(port, count) {
  const raw = rawTransport(port);
  const measured = await measureSends(() => raw.sendMail({ ...MESSAGE, from: FROM }), count, CONCURRENCY);
  raw.close();
  return measured;
}

/** Enqueues `count` messages, starts the outbox and waits until all are sent; answers messages per second and the enqueue rate. */
async function measureOutbox(sink, outbox, store, clock, count) {
  const since = clock().toISOString();
  const from = await sink.received();
  const enqueueStarted = performance.now();
  for (let n = 0; n < count; n += 1) await outbox.enqueue(MESSAGE, { tenant: 'default' });
  const enqueued = count / ((performance.now() - enqueueStarted) / 1000);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await outbox.start();
  await untilSent(sink, from, store, ['default'], since, count);
  const rate = count / ((performance.now() - started) / 1000);
  const cpuUsed = cpuPerMessage(cpu, count);
  // Stopped, it closes its mailer: each round starts cold, as raw nodemailer's fresh pool does.
  await outbox.stop();
  return { rate, enqueued, cpu: cpuUsed };
}

const heap = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

/** Throughput: outbox against raw nodemailer, alternating rounds after a warm-up. */
async function throughput(sink, kind) {
  const opened = openStore(kind);
  try {
    const clock = () => new Date();
    const config = createSmtpConfig({
      store: opened.store,
      secretKey: randomBytes(32).toString('base64'),
      logger: silent,
    });
    await seed(sink.port, { config, tenant: () => 'default' });
    // The raw side's pool: 5 connections, 20 sends in flight; the outbox's mailer is given the same.
    const outbox = createOutbox({
      config,
      concurrency: CONCURRENCY,
      perTenant: CONCURRENCY,
      maxConnections: CONNECTIONS,
    });
    await measureRaw(sink.port, 500);
    await measureOutbox(sink, outbox, opened.store, clock, 500);
    const runs = { raw: [], outbox: [], enqueued: [], cpu: { raw: [], outbox: [] } };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Each side goes first every other round, so a drift of the machine's load favours neither.
      const sides = [
        async () => {
          const raw = await measureRaw(sink.port, MESSAGES);
          runs.raw.push(raw.rate);
          runs.cpu.raw.push(raw.cpu);
        },
        async () => {
          const { rate, enqueued, cpu } = await measureOutbox(sink, outbox, opened.store, clock, MESSAGES);
          runs.outbox.push(rate);
          runs.enqueued.push(enqueued);
          runs.cpu.outbox.push(cpu);
        },
      ];
      if (round % 2 === 1) sides.reverse();
      for (const side of sides) await side();
    }
    const ratios = runs.outbox.map((value, round) => value / runs.raw[round]);
    console.log(
      `${MESSAGES} messages, ${CONCURRENCY} in flight over ${CONNECTIONS} connections, AUTH PLAIN, ${kind} store, median of ${ROUNDS} rounds after a warm-up`,
    );
    console.log(`  raw nodemailer (pool):  ${formatRate(median(runs.raw))}  ${formatList(runs.raw)}`);
    console.log(`  outbox, delivered:      ${formatRate(median(runs.outbox))}  ${formatList(runs.outbox)}`);
    console.log(
      `  outbox, enqueued alone: ${formatRate(median(runs.enqueued))}  ${formatList(runs.enqueued)}`,
    );
    console.log(
      `  outbox / raw nodemailer: ${median(ratios).toFixed(2)} ${formatList(ratios, 2)} (target ≥ ${TARGET}; median of the per-round ratios)`,
    );
    console.log(
      `  CPU of this process per message: raw ${Math.round(median(runs.cpu.raw))} µs, outbox ${Math.round(median(runs.cpu.outbox))} µs (delivery only; enqueueing apart)`,
    );
  } finally {
    await opened.dispose();
  }
}

/** 1,000 tenants × 10 messages: the open connections at the server, and the heap a tenant costs once idle. */
async function tenants(sink, kind) {
  const opened = openStore(kind);
  try {
    const config = createSmtpConfig({
      store: opened.store,
      secretKey: randomBytes(32).toString('base64'),
      logger: silent,
    });
    const names = Array.from({ length: TENANTS }, (_, n) => `tenant-${n}`);
    for (const tenant of names) await seed(sink.port, { config, tenant: () => tenant });
    const before = heap();
    const maxConnections = 20;
    let outbox = createOutbox({ config, perTenant: 1, maxConnections, idleMs: 1_000 });
    const { received: from } = await sink.peak();
    const started = performance.now();
    await outbox.start();
    const since = config.clock().toISOString();
    for (let n = 0; n < PER_TENANT; n += 1) {
      for (const tenant of names) await outbox.enqueue(MESSAGE, { tenant });
    }
    await untilSent(sink, from, opened.store, names, since, TENANTS * PER_TENANT);
    const seconds = (performance.now() - started) / 1000;
    const { peak } = await sink.peak();
    // Idle: every mailer closed after idleMs, the log holds the messages' metadata.
    await sleep(2_500);
    const idle = heap();
    await outbox.stop();
    outbox = undefined;
    const withoutOutbox = heap();
    console.log(
      `${TENANTS} tenants × ${PER_TENANT} messages through the outbox (${kind} store, one connection per tenant)`,
    );
    console.log(
      `  delivered in ${seconds.toFixed(1)} s; most connections open at the server: ${peak} (cap ${maxConnections})`,
    );
    console.log(
      `  heap per idle tenant: ${Math.round((idle - before) / TENANTS)} bytes with its ${PER_TENANT} messages in the delivery log; ` +
        `the outbox's own share: ${Math.round((idle - withoutOutbox) / TENANTS)} bytes${globalThis.gc ? '' : ' (run with --expose-gc for steady figures)'}`,
    );
  } finally {
    await opened.dispose();
  }
}

async function main() {
  for (const kind of STORES)
    if (kind !== 'memory' && kind !== 'sqlite')
      throw new Error(`BENCH_STORE must be memory or sqlite, not ${kind}`);
  const sink = await startSink();
  try {
    // The tenants first, in a fresh heap, so what the throughput rounds leave behind cannot blur its figure.
    if (TENANTS > 0) await tenants(sink, STORES[0]);
    for (const store of STORES) await throughput(sink, store);
    await sink.stop();
  } finally {
    sink.kill();
  }
}

await main();
