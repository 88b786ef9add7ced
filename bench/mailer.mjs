/**
 * Throughput of the smtp-settings mailer against raw pooled nodemailer, per store (memory, SQLite,
 * PostgreSQL), all sending to the same local smtp-server in a child process that requires AUTH (PLAIN
 * over a plain connection, the same for both sides), so each ratio shows what the mailer's per-send
 * work costs on that store: the store lookup, the message check, the retry wrapper and the health report.
 *
 * Needs the built packages (`npm run build`) and PostgreSQL on 127.0.0.1:5432, database `test` (or
 * `SMTP_SETTINGS_TEST_DATABASE_URL`); the PostgreSQL store uses a throwaway schema, dropped afterwards.
 * Usage: `node bench/mailer.mjs` (BENCH_MESSAGES=2000, BENCH_ROUNDS=5, BENCH_STORES=memory,sqlite,postgres).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  createMailer,
  createSmtpSettings,
  memoryStore,
  postgresStore,
  sqliteStore,
} from '@smtp-settings/adapter';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STORES = (process.env.BENCH_STORES ?? 'memory,sqlite,postgres').split(',');
const DATABASE_URL = process.env.SMTP_SETTINGS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 20;
const WARM_UP = 500;
const TARGET = 0.9;
const HOST = '127.0.0.1';
const USER = 'mailer@example.com';
const PASSWORD = 'bench-Pa55word';
const FROM = { name: 'Bench App', address: 'notifications@example.com' };
const MESSAGE = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Test case TC-42 was updated by Dana: new expected result for step 3.',
};
// The mailer's own defaults, so both sides differ only in the mailer's work.
const POOL = {
  pool: true,
  maxConnections: 5,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/** Runs in the child process: an SMTP server that requires a login, then accepts and discards every message, counting them. */
async function runSink() {
  let received = 0;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    // PLAIN over a plain connection keeps TLS's cost out of a comparison of the mailer's own work.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  process.send({ port: server.server.address().port });
  process.on('message', () => {
    process.send({ received });
    server.close(() => process.exit(0));
  });
}

/** Starts the sink in a child process, so the server does not compete with the clients for one event loop. */
async function startSink() {
  const child = fork(fileURLToPath(import.meta.url), ['--sink']);
  const [{ port }] = await once(child, 'message');
  return {
    port,
    /** Ends the child if it is still running, e.g. after a failed run. */
    kill: () => child.exitCode === null && child.kill(),
    /** Stops the sink and returns how many messages it received. */
    async stop() {
      child.send('stop');
      const [{ received }] = await once(child, 'message');
      await once(child, 'exit');
      return received;
    },
  };
}

/** Runs `work` on a connection of its own to the bench database. */
async function withDatabase(work) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Opens the store named `name`, with `dispose()` removing what it created (file, schema). */
function openStore(name) {
  if (name === 'memory') return { store: memoryStore(), dispose: async () => undefined };
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-mailer-'));
    const store = sqliteStore({ filename: join(dir, 'smtp-settings.db') });
    return { store, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_mailer_${randomBytes(4).toString('hex')}`;
  const store = postgresStore({ connectionString: DATABASE_URL, schema });
  return {
    store,
    dispose: () =>
      withDatabase((client) =>
        client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`),
      ),
  };
}

/** Saves Basic settings for the sink through the settings routes, as an admin would, so the password is sealed. */
async function seed(store, secretKey, port) {
  const api = createSmtpSettings({
    store,
    secretKey,
    publicUrl: 'http://127.0.0.1/api/smtp',
    authorize: () => true,
    requireTestBeforeSave: false,
  });
  const settings = {
    authType: 'basic',
    host: HOST,
    port,
    security: 'none',
    username: USER,
    password: PASSWORD,
    fromEmail: FROM.address,
    fromName: FROM.name,
  };
  const saved = await api.request('/settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings }),
  });
  if (saved.status !== 200)
    throw new Error(`Saving the settings failed: ${saved.status} ${await saved.text()}`);
}

/**
 * Sends `count` messages with `send`, `CONCURRENCY` at a time, and returns messages per second and this
 * process's CPU time per message in µs (which moves much less than the rate while other work shares the machine).
 */
async function measure(send, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await send();
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const { user, system } = process.cpuUsage(cpu);
  return { rate: count / ((performance.now() - started) / 1000), cpu: (user + system) / count };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Warms up, measures raw nodemailer and each store's mailer in alternating rounds, and prints the figures. */
async function main() {
  const sink = await startSink();
  const stores = [];
  try {
    const raw = nodemailer.createTransport({
      ...POOL,
      host: HOST,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: USER, pass: PASSWORD },
    });
    const sendRaw = () => raw.sendMail({ ...MESSAGE, from: FROM });

    for (const name of STORES) {
      const opened = openStore(name);
      stores.push(opened);
      const secretKey = randomBytes(32).toString('base64');
      await seed(opened.store, secretKey, sink.port);
      const mailer = createMailer({ store: opened.store, secretKey });
      Object.assign(opened, {
        name,
        close: () => mailer.close(),
        send: () => mailer.send(MESSAGE),
        raw: [],
        mailer: [],
      });
    }

    await measure(sendRaw, WARM_UP);
    for (const side of stores) await measure(side.send, WARM_UP);
    // Alternating rounds spread machine noise over both sides; the median drops an outlier. Raw nodemailer
    // runs right before each store's mailer, so each pair meets the same spell of the machine.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of stores) {
        side.raw.push(await measure(sendRaw, MESSAGES));
        side.mailer.push(await measure(side.send, MESSAGES));
      }
    }
    raw.close();
    for (const side of stores) await side.close();

    const expected = (1 + stores.length) * WARM_UP + 2 * stores.length * ROUNDS * MESSAGES;
    const received = await sink.stop();
    if (received !== expected) throw new Error(`The server received ${received} of ${expected} messages`);

    const rate = (value) => `${Math.round(value)} msg/s`.padStart(12);
    const list = (values, digits = 0) => `[${values.map((value) => value.toFixed(digits)).join(', ')}]`;
    console.log(
      `${MESSAGES} messages, concurrency ${CONCURRENCY}, AUTH PLAIN, median of ${ROUNDS} rounds after a warm-up`,
    );
    for (const side of stores) {
      const rates = { raw: side.raw.map((run) => run.rate), mailer: side.mailer.map((run) => run.rate) };
      const cpu = {
        raw: median(side.raw.map((run) => run.cpu)),
        mailer: median(side.mailer.map((run) => run.cpu)),
      };
      // Each round's pair ran back to back, so a slow spell of the machine hits both sides of the pair alike.
      const ratios = rates.mailer.map((value, round) => value / rates.raw[round]);
      console.log(`${side.name} store`);
      console.log(`  raw nodemailer (pool): ${rate(median(rates.raw))}  ${list(rates.raw)}`);
      console.log(`  smtp-settings mailer:  ${rate(median(rates.mailer))}  ${list(rates.mailer)}`);
      console.log(
        `  mailer / raw nodemailer: ${median(ratios).toFixed(2)} ${list(ratios, 2)} (target ≥ ${TARGET}; median of the per-round ratios)`,
      );
      console.log(
        `  CPU of this process per message: raw ${Math.round(cpu.raw)} µs, mailer ${Math.round(cpu.mailer)} µs (the database server's not included)`,
      );
    }
  } finally {
    sink.kill();
    for (const side of stores) {
      await side.store.close();
      await side.dispose();
    }
  }
}

if (process.argv.includes('--sink')) await runSink();
else await main();
