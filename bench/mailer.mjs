/**
 * Throughput of the smtp-settings mailer against raw pooled nodemailer, per store (memory, SQLite,
 * PostgreSQL), all sending to the same local smtp-server in a child process (bench/lib/sink.mjs) that
 * requires AUTH (PLAIN over a plain connection, the same for both sides), so each ratio shows what the
 * mailer's per-send work costs on that store: the store lookup, the message check, the retry wrapper and
 * the health report.
 *
 * Needs the built packages (`npm run build`) and PostgreSQL on 127.0.0.1:5432, database `test` (or
 * `SMTP_SETTINGS_TEST_DATABASE_URL`); the PostgreSQL store uses a throwaway schema, dropped afterwards.
 * Usage: `node bench/mailer.mjs` (BENCH_MESSAGES=2000, BENCH_ROUNDS=5, BENCH_STORES=memory,sqlite,postgres).
 */
import { randomBytes } from 'node:crypto';
import { createMailer } from '@smtp-settings/adapter';
import { FROM, MESSAGE, rawTransport, seed, startSink } from './lib/sink.mjs';
import { formatList, formatRate, measureSends, median } from './lib/stats.mjs';
import { openStore } from './lib/stores.mjs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STORES = (process.env.BENCH_STORES ?? 'memory,sqlite,postgres').split(',');
const CONCURRENCY = 20;
const WARM_UP = 500;
const TARGET = 0.9;

/** Sends `count` messages with `send`, `CONCURRENCY` at a time; answers messages per second and this process's CPU time per message in µs. */
const measure = (send, count) => measureSends(send, count, CONCURRENCY);

/** Warms up, measures raw nodemailer and each store's mailer in alternating rounds, and prints the figures. */
async function main() {
  const sink = await startSink();
  const stores = [];
  try {
    const raw = rawTransport(sink.port);
    const sendRaw = () => raw.sendMail({ ...MESSAGE, from: FROM });

    for (const name of STORES) {
      const opened = openStore(name);
      stores.push(opened);
      const secretKey = randomBytes(32).toString('base64');
      await seed(sink.port, { store: opened.store, secretKey });
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
    const { received } = await sink.stop();
    if (received !== expected) throw new Error(`The server received ${received} of ${expected} messages`);

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
      console.log(`  raw nodemailer (pool): ${formatRate(median(rates.raw))}  ${formatList(rates.raw)}`);
      console.log(
        `  smtp-settings mailer:  ${formatRate(median(rates.mailer))}  ${formatList(rates.mailer)}`,
      );
      console.log(
        `  mailer / raw nodemailer: ${median(ratios).toFixed(2)} ${formatList(ratios, 2)} (target ≥ ${TARGET}; median of the per-round ratios)`,
      );
      console.log(
        `  CPU of this process per message: raw ${Math.round(cpu.raw)} µs, mailer ${Math.round(cpu.mailer)} µs (the database server's not included)`,
      );
    }
  } finally {
    sink.kill();
    for (const side of stores) await side.dispose();
  }
}

await main();
