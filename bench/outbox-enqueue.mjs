/**
 * Enqueue latency of the outbox on SQLite: 50 producers in one process hand over messages to a real
 * database file in WAL mode (synchronous FULL: a commit is on disk before it resolves), and the benchmark
 * reports how long each enqueue took, from the call until it resolved with the message stored: the median
 * and the 99th percentile of each round, and their medians over the rounds, in two ways:
 *
 * - steady: together the producers offer `BENCH_RATE` messages a second (each one every 50 ms at 1,000),
 *   as a busy host's requests would; this is the latency a host sees, the figure the target is for;
 * - saturated: each producer enqueues again as soon as its last enqueue resolved, so 50 are always in
 *   flight; this measures how many the store takes a second, and its latency is mostly the wait behind
 *   the other 49 (on average 50 ÷ the rate).
 *
 * An enqueue is what the host waits for: seal a realistic message (about 2 KB of JSON, AES-256-GCM with the
 * configuration's key, bound to the tenant and the delivery) and `addDelivery` it with an idempotency key.
 * `enqueuer` below is the one function to swap for the engine's `outbox.enqueue`.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/outbox-enqueue.mjs` (BENCH_ROUNDS=5,
 * BENCH_RATE=1000, BENCH_STEADY_MESSAGES=6000 and BENCH_SATURATED_MESSAGES=20000 per round,
 * BENCH_PRODUCERS=50; BENCH_CONNECTION=given opens the file as a host's own connection, which the store
 * never checkpoints in the background, to see what that costs).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSmtpConfig, memoryStore, sqliteStore } from '@smtp-settings/adapter';
import Database from 'better-sqlite3';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const STEADY_MESSAGES = Number(process.env.BENCH_STEADY_MESSAGES ?? 6000);
const SATURATED_MESSAGES = Number(process.env.BENCH_SATURATED_MESSAGES ?? 20_000);
const PRODUCERS = Number(process.env.BENCH_PRODUCERS ?? 50);
const GIVEN_CONNECTION = process.env.BENCH_CONNECTION === 'given';
const WARM_UP = 1000;
const TENANTS = 10;
const TARGET_P99_MS = 5;

/** A notification as a host sends it: recipients, a subject, a text and an HTML body, about 2 KB as JSON. */
function messageOf(n) {
  const line = `Test case TC-${n} was updated by Dana: the expected result of step 3 changed. `;
  return {
    to: [`qa-lead-${n % 97}@example.com`, 'release-manager@example.com'],
    cc: ['qa-team@example.com'],
    subject: `[Project Atlas] Test case TC-${n} was updated`,
    text: line.repeat(11),
    html: `<p>${line.repeat(11)}</p><p><a href="https://app.example.com/cases/${n}">Open TC-${n}</a></p>`,
    headers: { 'X-Entity-Ref-ID': `tc-${n}` },
  };
}

/** Opens a store (SQLite on a fresh file, or memory), with the configuration that seals content. */
function open(kind) {
  if (kind === 'memory') {
    const store = memoryStore();
    const config = createSmtpConfig({ store, secretKey: randomBytes(32).toString('base64') });
    return { store, config, dispose: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const filename = join(dir, 'smtp-settings.db');
  let database;
  if (GIVEN_CONNECTION) {
    database = new Database(filename, { timeout: 0 });
    database.pragma('journal_mode = WAL');
  }
  const store = sqliteStore(database ? { database } : { filename });
  const config = createSmtpConfig({ store, secretKey: randomBytes(32).toString('base64') });
  const dispose = () => {
    database?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, config, dispose };
}

/** The host's call, sealing included; for the engine: `({ outbox }) => (message, options) => outbox.enqueue(message, options)`. */
function enqueuer({ store, config }) {
  return async (message, { tenant, idempotencyKey }) => {
    const id = randomUUID();
    const content = config.secrets.seal(JSON.stringify(message), { tenant, field: `delivery:${id}` });
    const added = await store.addDelivery({
      id,
      tenant,
      source: 'outbox',
      status: 'queued',
      idempotencyKey,
      createdAt: new Date().toISOString(),
      messageId: `<${id}@mail.example.com>`,
      to: message.to,
      cc: message.cc,
      bcc: [],
      subject: message.subject,
      content,
    });
    return { id: added.id, duplicate: !added.created };
  };
}

/**
 * Runs `count` enqueues from `PRODUCERS` producers, numbered from `offset`; with a `rate`, each producer
 * waits for its next turn (all of them together offering `rate` a second), without one as soon as its
 * last enqueue resolved. Answers each enqueue's latency in ms and the rate achieved.
 */
async function measure(enqueue, { count, offset, rate }) {
  const latencies = [];
  const interval = rate ? (PRODUCERS * 1000) / rate : 0;
  let next = 0;
  const producer = async (index) => {
    // Spread over the first interval, so the producers do not all arrive in the same instant.
    await sleep(Math.random() * interval);
    const first = performance.now();
    for (let turn = 1; next < count; turn += 1) {
      const n = offset + next;
      next += 1;
      const wait = first + turn * interval - performance.now();
      if (wait > 0) await sleep(wait);
      const message = messageOf(n);
      const started = performance.now();
      await enqueue(message, { tenant: `tenant-${index % TENANTS}`, idempotencyKey: `event-${n}` });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: PRODUCERS }, (_, index) => producer(index)));
  return { latencies, rate: count / ((performance.now() - started) / 1000) };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs one round on a freshly opened store after a warm-up: each enqueue's latency and the rate. */
async function runRound(kind, { count, rate }) {
  const opened = open(kind);
  try {
    const enqueue = enqueuer(opened);
    await measure(enqueue, { count: WARM_UP, offset: 0 });
    const measured = await measure(enqueue, { count, offset: WARM_UP, rate });
    await expectStored(opened.store, WARM_UP + count);
    const sorted = measured.latencies.sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
      rate: measured.rate,
    };
  } finally {
    await opened.store.close();
    opened.dispose();
  }
}

/**
 * Runs `ROUNDS` rounds of one way of loading the stores and prints them: in each, the memory store (no
 * I/O: what sealing and this machine's scheduling cost alone) right before the SQLite store, so both
 * meet the same spell of a shared machine. Answers the median of the SQLite store's p99s.
 */
async function scenario(name, load) {
  console.log(name);
  const rounds = { memory: [], sqlite: [] };
  const show = ({ p50, p99, max, rate }) =>
    `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(1)} ms, ${Math.round(rate)} msg/s`;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of ['memory', 'sqlite']) rounds[kind].push(await runRound(kind, load));
    console.log(
      `  round ${round + 1}: SQLite ${show(rounds.sqlite[round])} | memory p99 ${rounds.memory[round].p99.toFixed(2)} ms`,
    );
  }
  const medians = (kind) => ({
    p50: median(rounds[kind].map((round) => round.p50)),
    p99: median(rounds[kind].map((round) => round.p99)),
    max: median(rounds[kind].map((round) => round.max)),
    rate: median(rounds[kind].map((round) => round.rate)),
  });
  const sqlite = medians('sqlite');
  console.log(`  medians of ${ROUNDS} rounds: SQLite ${show(sqlite)} | memory ${show(medians('memory'))}`);
  return sqlite.p99;
}

/** Checks that every message enqueued is stored, waiting for its first attempt. */
async function expectStored(store, expected) {
  let stored = 0;
  for (let tenant = 0; tenant < TENANTS; tenant += 1) {
    stored += (await store.countDeliveries(`tenant-${tenant}`, '1970-01-01T00:00:00.000Z')).waiting;
  }
  if (stored !== expected) throw new Error(`${stored} of ${expected} messages were stored`);
}

const size = JSON.stringify(messageOf(12_345)).length;
console.log(
  `outbox enqueue on SQLite (a file in WAL mode, synchronous FULL${GIVEN_CONNECTION ? ', a host’s own connection' : ''}): ${PRODUCERS} producers, messages of ${size} bytes of JSON, sealed, each round on a fresh file after ${WARM_UP} to warm up`,
);
const steady = await scenario(`steady: ${RATE} msg/s offered, ${STEADY_MESSAGES} messages a round`, {
  count: STEADY_MESSAGES,
  rate: RATE,
});
await scenario(`saturated: ${PRODUCERS} always in flight, ${SATURATED_MESSAGES} messages a round`, {
  count: SATURATED_MESSAGES,
});
console.log(
  `target p99 ≤ ${TARGET_P99_MS} ms at a steady rate: ${steady <= TARGET_P99_MS ? 'met' : 'missed'}`,
);
