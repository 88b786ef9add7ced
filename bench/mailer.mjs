/**
 * Throughput of the smtp-settings mailer against raw pooled nodemailer, both sending to the same
 * local smtp-server (no TLS, no auth) in a child process, so the ratio shows what the mailer's
 * per-send work costs: the store lookup, the message check and the retry wrapper.
 *
 * Needs the built packages (`npm run build`). Usage: `node bench/mailer.mjs` (BENCH_MESSAGES=2000).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createMailer, memoryStore } from '@smtp-settings/adapter';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONCURRENCY = 20;
const WARM_UP = 500;
const ROUNDS = 5;
const TARGET = 0.9;
const HOST = '127.0.0.1';
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

/** Runs in the child process: an SMTP server that accepts and discards every message, counting them. */
async function runSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
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

/** Sends `count` messages with `send`, `CONCURRENCY` at a time, and returns messages per second. */
async function measure(send, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await send();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Warms up, measures both sides in alternating rounds, and prints the figures. */
async function main() {
  const sink = await startSink();
  try {
    const raw = nodemailer.createTransport({
      ...POOL,
      host: HOST,
      port: sink.port,
      secure: false,
      ignoreTLS: true,
    });
    const sendRaw = () => raw.sendMail({ ...MESSAGE, from: FROM });

    const store = memoryStore();
    await store.put(
      'default',
      {
        settings: {
          authType: 'basic',
          host: HOST,
          port: sink.port,
          security: 'none',
          fromEmail: FROM.address,
          fromName: FROM.name,
        },
        updatedAt: new Date().toISOString(),
        updatedBy: 'bench',
        changedFields: ['authType', 'host', 'port', 'security', 'fromEmail', 'fromName'],
      },
      0,
    );
    const mailer = createMailer({ store, secretKey: randomBytes(32).toString('base64') });
    const sendMailer = () => mailer.send(MESSAGE);

    await measure(sendRaw, WARM_UP);
    await measure(sendMailer, WARM_UP);
    // Alternating rounds spread machine noise over both sides; the median drops an outlier.
    const rawRates = [];
    const mailerRates = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      rawRates.push(await measure(sendRaw, MESSAGES));
      mailerRates.push(await measure(sendMailer, MESSAGES));
    }
    raw.close();
    await mailer.close();

    const expected = 2 * (WARM_UP + ROUNDS * MESSAGES);
    const received = await sink.stop();
    if (received !== expected) throw new Error(`The server received ${received} of ${expected} messages`);
    const rawRate = median(rawRates);
    const mailerRate = median(mailerRates);
    // Each round's pair ran back to back, so a slow spell of the machine hits both sides of the pair alike.
    const ratio = median(mailerRates.map((value, round) => value / rawRates[round]));
    const rate = (value) => `${Math.round(value)} msg/s`.padStart(12);
    console.log(
      `${MESSAGES} messages, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds after a warm-up`,
    );
    console.log(`raw nodemailer (pool): ${rate(rawRate)}  [${rawRates.map(Math.round).join(', ')}]`);
    console.log(`smtp-settings mailer:  ${rate(mailerRate)}  [${mailerRates.map(Math.round).join(', ')}]`);
    console.log(
      `mailer / raw nodemailer: ${ratio.toFixed(2)} (target ≥ ${TARGET}; median of the per-round ratios)`,
    );
  } finally {
    sink.kill();
  }
}

if (process.argv.includes('--sink')) await runSink();
else await main();
