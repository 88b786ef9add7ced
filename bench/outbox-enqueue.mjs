/**
 * Enqueue latency of the outbox on SQLite: 50 producers in one process call `outbox.enqueue` (the engine's
 * public call: the message check, the Message-ID from the tenant's saved From Email, sealing, and the
 * store's write) on a real database file in WAL mode, an enqueue resolving once its commit is on disk
 * (the references commit at synchronous FULL; the store commits its own file's adds at NORMAL and syncs
 * the log on the thread pool before they resolve, which is as durable), and the benchmark reports how
 * long each enqueue took, from the call until it resolved (at a steady rate, from when it was due): the
 * median and the 99th percentile of each round, and their medians over the rounds.
 *
 * The worker is not started: the figure is what the host waits for when it hands a message over, and a
 * running worker would add sends (and an SMTP server) whose own cost `bench/outbox-throughput.mjs`
 * measures. What it shares with the enqueues — the connection's commits — it shares in claims that join
 * the same group commit.
 *
 * Two references, measured in rounds alternating with it on the same kind of file, with the same messages'
 * JSON in a bare table: the baseline, each message's INSERT a transaction of its own committed at FULL (a
 * host storing its own outbox table one message at a time), and the floor, the INSERTs of one turn of the
 * event loop committed together as the outbox's group commit does (what the disk alone costs). Two loads:
 *
 * - steady: together the producers offer `BENCH_RATE` messages a second (each one every 50 ms at 1,000),
 *   as a busy host's requests would; this is the latency a host sees, the figure the target is for;
 * - saturated: each producer enqueues again as soon as its last enqueue resolved, so 50 are always in
 *   flight; this measures how many the store takes a second, and its latency is mostly the wait behind
 *   the other 49 (on average 50 ÷ the rate). Only rates are compared here: a synchronous INSERT keeps the
 *   other producers from even starting their calls, so its latency from the call is no wait of theirs.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/outbox-enqueue.mjs` (BENCH_ROUNDS=5,
 * BENCH_RATE=1000, BENCH_STEADY_MESSAGES=6000 and BENCH_SATURATED_MESSAGES=20000 per round,
 * BENCH_PRODUCERS=50; BENCH_CONNECTION=given opens the file as a host's own connection, which the store
 * never checkpoints in the background, to see what that costs).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOutbox, createSmtpConfig, sqliteStore } from '@smtp-settings/adapter';
import Database from 'better-sqlite3';
import { median } from './lib/stats.mjs';

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

/** A database file in a fresh directory, in WAL mode at synchronous FULL when opened here. */
function freshFile() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  return {
    filename: join(dir, 'smtp-settings.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function openFull(filename) {
  const database = new Database(filename, { timeout: 0 });
  database.pragma('journal_mode = WAL');
  // better-sqlite3 lowers an unset level to NORMAL in WAL mode: said outright, as the store does.
  database.pragma('synchronous = FULL');
  return database;
}

/** The outbox's enqueue on a fresh file, each tenant with saved settings (whose From Email names the Message-ID's domain). */
async function openOutbox() {
  const file = freshFile();
  const database = GIVEN_CONNECTION ? openFull(file.filename) : undefined;
  const store = sqliteStore(database ? { database } : { filename: file.filename });
  const config = createSmtpConfig({ store, secretKey: randomBytes(32).toString('base64') });
  for (let tenant = 0; tenant < TENANTS; tenant += 1) {
    const settings = {
      authType: 'basic',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      username: 'mailer@example.com',
      password: config.secrets.seal('bench-password', { tenant: `tenant-${tenant}`, field: 'password' }),
      fromEmail: `notifications@tenant-${tenant}.example.com`,
      fromName: 'Example App',
    };
    const updatedAt = new Date().toISOString();
    await store.put(`tenant-${tenant}`, { settings, updatedAt, updatedBy: 'bench', changedFields: [] }, 0);
  }
  const outbox = createOutbox({ config });
  return {
    enqueue: (message, options) => outbox.enqueue(message, options),
    stored: async () => {
      let stored = 0;
      for (let tenant = 0; tenant < TENANTS; tenant += 1) {
        stored += (await store.countDeliveries(`tenant-${tenant}`, '1970-01-01T00:00:00.000Z')).waiting;
      }
      return stored;
    },
    close: async () => {
      await outbox.stop();
      await store.close();
      database?.close();
      file.remove();
    },
  };
}

/** A bare table of messages on a fresh file, and the INSERT of one message's JSON. */
function openBare() {
  const file = freshFile();
  const database = openFull(file.filename);
  database.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY, tenant TEXT NOT NULL, idempotency_key TEXT,
    message TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (tenant, idempotency_key))`);
  const statement = database.prepare(
    'INSERT INTO outbox (tenant, idempotency_key, message, created_at) VALUES (?, ?, ?, ?)',
  );
  const insert = (message, { tenant, idempotencyKey }) =>
    statement.run(tenant, idempotencyKey, JSON.stringify(message), new Date().toISOString()).lastInsertRowid;
  return { file, database, insert };
}

/** The baseline: each message's INSERT a transaction of its own, committed at FULL. */
async function openBaseline() {
  const { file, database, insert } = openBare();
  return {
    enqueue: async (message, options) => insert(message, options),
    stored: async () => database.prepare('SELECT count(*) FROM outbox').pluck().get(),
    close: async () => {
      database.close();
      file.remove();
    },
  };
}

/**
 * The floor: the same INSERTs, those of one turn of the event loop committed together at its end, as the
 * outbox's group commit does, with none of its indexes, checks or sealing: what the disk alone costs.
 */
async function openFloor() {
  const { file, database, insert } = openBare();
  const commit = database.transaction((batch) =>
    batch.map(({ message, options }) => insert(message, options)),
  );
  let batch = [];
  const flush = () => {
    const pending = batch;
    batch = [];
    commit.immediate(pending).forEach((id, index) => {
      pending[index].resolve(id);
    });
  };
  return {
    enqueue: (message, options) =>
      new Promise((resolve) => {
        if (batch.push({ message, options, resolve }) === 1) setImmediate(flush);
      }),
    stored: async () => database.prepare('SELECT count(*) FROM outbox').pluck().get(),
    close: async () => {
      database.close();
      file.remove();
    },
  };
}

const SIDES = { baseline: openBaseline, floor: openFloor, outbox: openOutbox };

/**
 * Runs `count` enqueues from `PRODUCERS` producers, numbered from `offset`; with a `rate`, each producer
 * waits for its next turn (all of them together offering `rate` a second), without one as soon as its
 * last enqueue resolved. Answers each enqueue's latency in ms (at a rate, from its turn, so a producer
 * held up by an event loop busy with commits is not spared the wait) and the rate achieved.
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
      const due = first + turn * interval;
      if (due > performance.now()) await sleep(due - performance.now());
      const message = messageOf(n);
      // At a rate, from when the message was due: a wait for an event loop held by commits counts too.
      const started = rate ? due : performance.now();
      await enqueue(message, { tenant: `tenant-${index % TENANTS}`, idempotencyKey: `event-${n}` });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: PRODUCERS }, (_, index) => producer(index)));
  return { latencies, rate: count / ((performance.now() - started) / 1000) };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Runs one round of one side on a fresh file after a warm-up: its latencies' p50, p99 and max, and the rate. */
async function runRound(side, { count, rate }) {
  const opened = await SIDES[side]();
  try {
    await measure(opened.enqueue, { count: WARM_UP, offset: 0 });
    const measured = await measure(opened.enqueue, { count, offset: WARM_UP, rate });
    const stored = await opened.stored();
    if (stored !== WARM_UP + count)
      throw new Error(`${side}: ${stored} of ${WARM_UP + count} messages were stored`);
    const sorted = measured.latencies.sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
      rate: measured.rate,
    };
  } finally {
    await opened.close();
  }
}

const show = ({ p50, p99, max, rate }) =>
  `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(1)} ms, ${Math.round(rate)} msg/s`;

const SIDE_ORDER = ['baseline', 'floor', 'outbox'];

/**
 * Runs `ROUNDS` rounds of one load and prints them: in each, the three sides one after the other, the
 * order turning round by round, so each meets the same spells of a shared machine. Prints the medians over
 * the rounds and of the per-round ratios of the outbox to the others in `compared` (figures); answers the
 * outbox's median p99.
 */
async function scenario(name, load, compared) {
  console.log(name);
  const rounds = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const result = {};
    for (let turn = 0; turn < SIDE_ORDER.length; turn += 1) {
      const side = SIDE_ORDER[(round + turn) % SIDE_ORDER.length];
      result[side] = await runRound(side, load);
    }
    rounds.push(result);
    console.log(`  round ${round + 1}:`);
    for (const side of SIDE_ORDER) console.log(`    ${side.padEnd(8)} ${show(result[side])}`);
  }
  const medians = (side) => ({
    p50: median(rounds.map((round) => round[side].p50)),
    p99: median(rounds.map((round) => round[side].p99)),
    max: median(rounds.map((round) => round[side].max)),
    rate: median(rounds.map((round) => round[side].rate)),
  });
  console.log(`  medians of ${ROUNDS} rounds:`);
  for (const side of SIDE_ORDER) console.log(`    ${side.padEnd(8)} ${show(medians(side))}`);
  for (const other of ['baseline', 'floor']) {
    const ratio = (key) => median(rounds.map((round) => round.outbox[key] / round[other][key])).toFixed(2);
    console.log(
      `  outbox ÷ ${other} (median of the rounds' ratios): ${compared.map((key) => `${key} ${ratio(key)}`).join(', ')}`,
    );
  }
  return medians('outbox').p99;
}

const size = JSON.stringify(messageOf(12_345)).length;
console.log(
  `outbox.enqueue on SQLite (a file in WAL mode, each enqueue on disk when it resolves${GIVEN_CONNECTION ? ', a host’s own connection' : ''}, worker not started) against bare INSERTs, committed one by one (baseline) or a turn's together (floor): ${PRODUCERS} producers, ${TENANTS} tenants, messages of ${size} bytes of JSON, each round on a fresh file after ${WARM_UP} to warm up`,
);
const steady = await scenario(
  `steady: ${RATE} msg/s offered, ${STEADY_MESSAGES} messages a round`,
  {
    count: STEADY_MESSAGES,
    rate: RATE,
  },
  ['p50', 'p99', 'rate'],
);
await scenario(
  `saturated: ${PRODUCERS} always in flight, ${SATURATED_MESSAGES} messages a round`,
  {
    count: SATURATED_MESSAGES,
  },
  ['rate'],
);
console.log(
  `target p99 ≤ ${TARGET_P99_MS} ms at a steady rate: ${steady <= TARGET_P99_MS ? 'met' : 'missed'}`,
);
