/**
 * One process of `bench/outbox-scale-out.mjs`, forked by `startInstance()`: either an instance of a host
 * (an outbox on the shared PostgreSQL store and a queue engine) or raw pooled nodemailer, the baseline. It
 * answers commands over IPC, so the parent times what happens across processes and reads their CPU and
 * heap. With `BENCH_CPU_PROF=<dir>` each writes a `--cpu-prof` profile there when stopped.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  bullmqEngine,
  createOutbox,
  createSmtpConfig,
  pgBossEngine,
  postgresStore,
} from '@smtp-settings/adapter';
import { FROM, MESSAGE, rawTransport } from './sink.mjs';
import { measureSends } from './stats.mjs';
import { DATABASE_URL } from './stores.mjs';

const silent = { error: () => {}, warn: () => {}, info: () => {} };

const heap = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

/** Opens the instance `spec` describes: its outbox is created here, started by the `start` command. */
function openInstance(spec) {
  const store = postgresStore({ connectionString: DATABASE_URL, schema: spec.schema });
  const engine =
    spec.engine === 'pg-boss'
      ? pgBossEngine({ connectionString: DATABASE_URL, schema: spec.queue })
      : bullmqEngine({ connection: { host: '127.0.0.1', port: 6379 }, prefix: spec.queue });
  const config = createSmtpConfig({
    store,
    secretKey: spec.secretKey,
    logger: silent,
    ...(spec.providers && { providers: spec.providers }),
  });
  const outbox = createOutbox({ config, engine, ...spec.outbox });
  return { store, outbox };
}

/** Runs in the child: answers each command with `{ ok, ...figures }` or `{ error }`. */
async function runInstance() {
  const spec = JSON.parse(process.env.SCALE_INSTANCE);
  const opened = spec.engine === 'raw' ? undefined : openInstance(spec);
  const commands = {
    start: () => opened.outbox.start(),
    wake: () => opened.outbox.wake(),
    // The CPU alone: `usage` collects garbage twice to read the heap, which a CPU window must not hold.
    cpu: () => ({ cpu: process.cpuUsage() }),
    usage: () => ({ cpu: process.cpuUsage(), heap: heap() }),
    // With `tenants`, a pool per tenant (as each tenant's own login needs), sharing `maxConnections` out.
    async raw({ port, count, concurrency, maxConnections, tenants = 1 }) {
      const pools = Array.from({ length: tenants }, () =>
        rawTransport(port, { maxConnections: Math.max(1, Math.floor(maxConnections / tenants)) }),
      );
      let next = 0;
      const send = () => pools[next++ % tenants].sendMail({ ...MESSAGE, from: FROM });
      await measureSends(send, count, concurrency);
      for (const pool of pools) pool.close();
    },
    async stop() {
      await opened?.outbox.stop();
      await opened?.store.close();
    },
  };
  process.on('message', async (command) => {
    let reply;
    try {
      reply = { ok: true, ...(await commands[command.name](command)) };
    } catch (error) {
      reply = { error: `${error?.name}: ${error?.message}` };
    }
    // Stopped, it exits (writing its CPU profile, with BENCH_CPU_PROF), whatever a library left open.
    process.send(reply, () => command.name === 'stop' && process.exit(0));
  });
  process.send({ ok: true });
}

/**
 * Forks an instance: `spec` is `{ engine: 'pg-boss' | 'bullmq', schema, queue, secretKey, outbox, providers }`
 * for an outbox, `{ engine: 'raw' }` for the baseline. Answers `ask(name, args)`, which resolves with the
 * child's answer, and `kill()`.
 */
export async function startInstance(spec) {
  const child = fork(fileURLToPath(import.meta.url), {
    env: { ...process.env, SCALE_INSTANCE: JSON.stringify(spec) },
    execArgv: [
      '--expose-gc',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  });
  await once(child, 'message');
  // One command at a time per child: each answer is the next message.
  let queue = Promise.resolve();
  const ask = (name, args = {}) => {
    const answer = queue.then(async () => {
      child.send({ name, ...args });
      const [reply] = await once(child, 'message');
      if (reply.error) throw new Error(`instance ${name}: ${reply.error}`);
      return reply;
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
  return { ask, kill: () => child.exitCode === null && child.kill() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runInstance();
