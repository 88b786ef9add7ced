/**
 * The outbox scaled out: instances of a host in processes of their own (bench/lib/scale-instance.mjs),
 * each `createOutbox` with a queue engine (pg-boss on PostgreSQL, BullMQ on Redis) on one PostgreSQL
 * store, the same secret key, sending to the local smtp-server of bench/lib/sink.mjs. Three parts:
 *
 * 1. Throughput: 2 instances deliver `BENCH_MESSAGES` messages of 20 tenants, against raw pooled
 *    nodemailer in 2 processes sending as many to the same sink with the same connections at most
 *    (each process `maxConnections` 20, 20 in flight), and, for reference, against raw nodemailer with a
 *    pool per tenant (each tenant's own login, as the outbox must send; 20 pools of 1 connection). A round enqueues the messages (in this process,
 *    through an outbox that is not started, so no turn is asked for), wakes both instances and times
 *    until the store says all are sent. A round of each side warms up first; then rounds alternate, each
 *    side going first every other round; the figure is the median of the per-round ratios, with the
 *    instances' CPU per message beside it, and, with the sink on this machine, the whole machine's (the
 *    senders, PostgreSQL and Redis, the sink): both sides then keep the cores about as busy, so the two
 *    ratios agree, and the second says what the first is made of. It runs once per sink
 *    (`BENCH_SERVERS`): `0`, the sink on this machine answering at once, where the 2 cores bound both
 *    sides; `0@5`, a relay on the local network (5 ms round trip); and `50@20`, a hosted relay 20 ms away
 *    that takes 50 ms to accept a message; with a server elsewhere, the connections bound both sides.
 * 2. Tenants: 10,000 registered, 1,000 active (each 2 messages, in two waves), 50 of those with Google
 *    OAuth at a local oauth2-mock-server, 2 instances on pg-boss with 20 connections each: the most
 *    connections open at the sink (cap 40), the instances' heap per active tenant, and the refresh-token
 *    grants the mock answered (one per OAuth tenant: access tokens are shared through the store).
 * 3. Enqueue: 50 producers call `outbox.enqueue` on a started outbox (which asks its engine for the
 *    tenant's turn and delivers meanwhile) at a steady rate and saturated, on PostgreSQL without an
 *    engine (the baseline: the embedded outbox on the same store), on pg-boss and on BullMQ; p50, p99 and
 *    the rate, medians of alternating rounds.
 *
 * Needs the built packages (`npm run build`), PostgreSQL on 127.0.0.1:5432 (database `test`) and Redis on
 * 127.0.0.1:6379; it drops its schemas and Redis keys afterwards. Usage: `node --expose-gc
 * bench/outbox-scale-out.mjs` (BENCH_MESSAGES=2000, BENCH_ROUNDS=5, BENCH_ENGINES=pg-boss,bullmq,
 * BENCH_PARTS=throughput,tenants,enqueue, BENCH_SERVERS=0,0@5,50@20, BENCH_PER_TENANT=5, BENCH_REGISTERED=10000, BENCH_ACTIVE=1000, BENCH_OAUTH=50).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOutbox, createSmtpConfig } from '@smtp-settings/adapter';
import { Redis } from 'ioredis';
import { untilSent } from './lib/delivered.mjs';
import { startOAuthMock } from './lib/oauth-mock.mjs';
import { cpuBetween, cpuOfProcess, cpuOfProcesses } from './lib/process-cpu.mjs';
import { startInstance } from './lib/scale-instance.mjs';
import { FROM, HOST, MESSAGE, PASSWORD, startSink, USER } from './lib/sink.mjs';
import { formatList, formatRate, median } from './lib/stats.mjs';
import { DATABASE_URL, openStore } from './lib/stores.mjs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pg-boss,bullmq').split(',');
const PARTS = (process.env.BENCH_PARTS ?? 'throughput,tenants,enqueue').split(',');
/**
 * The sinks of the throughput runs, `<answer ms>` or `<answer ms>@<round trip ms>`: how long the sink takes
 * to accept a message's data, and how far away it is (every reply, the greeting and the login included).
 */
const SERVERS = (process.env.BENCH_SERVERS ?? '0,0@5,50@20').split(',').map((entry) => {
  const [answerMs, rttMs = 0] = entry.split('@').map(Number);
  return { answerMs, rttMs, local: answerMs === 0 && rttMs === 0 };
});
/** How a throughput run names its sink. */
const sinkName = ({ answerMs, rttMs, local }) =>
  local
    ? 'a sink on this machine'
    : `a sink ${rttMs} ms away (round trip) that accepts a message after ${answerMs} ms`;
const REGISTERED = Number(process.env.BENCH_REGISTERED ?? 10_000);
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 1000);
const OAUTH = Number(process.env.BENCH_OAUTH ?? 50);
const INSTANCES = 2;
const TENANTS = 20;
const PER_TENANT = Number(process.env.BENCH_PER_TENANT ?? 5);
const CONNECTIONS = 20;
const IN_FLIGHT = 20;
const TARGET = 0.7;
/**
 * How often the reconciler asks turns for every tenant with mail waiting: the default, on both engines. A
 * round's turns come from its `wake()` and from each turn asking for the tenant's next, never from it.
 */
const MAINTENANCE_MS = 60_000;
const silent = { error: () => {}, warn: () => {}, info: () => {} };
const tenantName = (n) => `tenant-${n}`;

/** A fresh queue for `engine`: a pg-boss schema or a Redis prefix, with `dispose()` removing it. */
function openQueue(engine) {
  const name = `bench_queue_${randomBytes(4).toString('hex')}`;
  async function dispose() {
    if (engine === 'bullmq') {
      const redis = new Redis({ host: '127.0.0.1', port: 6379 });
      for await (const keys of redis.scanStream({ match: `${name}:*`, count: 500 }))
        if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      return;
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(name)} CASCADE`);
    await client.end();
  }
  return { name, dispose };
}

/** Saves settings for each of `tenants` as `PUT /settings` stores them (secrets sealed): Basic at the sink, or Google OAuth. */
async function register(config, port, tenants, { oauth = () => false } = {}) {
  const updatedAt = new Date().toISOString();
  const seal = (tenant, field, value) => config.secrets.seal(value, { tenant, field });
  const settingsOf = (tenant) =>
    oauth(tenant)
      ? {
          authType: 'oauth',
          provider: 'google',
          clientId: '123456789012-bench.apps.googleusercontent.com',
          clientSecret: seal(tenant, 'clientSecret', 'bench-client-secret'),
          refreshToken: seal(tenant, 'refreshToken', `bench-refresh-${tenant}`),
          connection: { scopes: ['https://mail.google.com/'], obtainedAt: updatedAt },
          fromEmail: FROM.address,
          fromName: FROM.name,
        }
      : {
          authType: 'basic',
          host: HOST,
          port,
          security: 'none',
          username: USER,
          password: seal(tenant, 'password', PASSWORD),
          fromEmail: FROM.address,
          fromName: FROM.name,
        };
  for (let n = 0; n < tenants.length; n += 50) {
    await Promise.all(
      tenants
        .slice(n, n + 50)
        .map((tenant) =>
          config.store.put(
            tenant,
            { settings: settingsOf(tenant), updatedAt, updatedBy: 'bench', changedFields: [] },
            0,
          ),
        ),
    );
  }
}

/** Enqueues `count` messages round-robin over `tenants`, 50 at a time. */
async function enqueueAll(producer, tenants, count) {
  for (let n = 0; n < count; n += 50) {
    const batch = Array.from({ length: Math.min(50, count - n) }, (_, k) =>
      producer.enqueue(MESSAGE, { tenant: tenants[(n + k) % tenants.length] }),
    );
    await Promise.all(batch);
  }
}

/** The sum over `instances` of their CPU time since `before` (their `cpu` answers), in µs. */
async function cpuSince(instances, before) {
  const after = await Promise.all(instances.map((instance) => instance.ask('cpu')));
  return after.reduce(
    (sum, { cpu }, index) => sum + cpu.user + cpu.system - before[index].cpu.user - before[index].cpu.system,
    0,
  );
}

/**
 * Starts reading the CPU time of `senders` (instances or raw processes), of the database servers and of
 * the sink; the function it answers ends the window and gives each per message of `count`, in µs.
 */
async function cpuWindow(senders, sink) {
  const before = await Promise.all(senders.map((sender) => sender.ask('cpu')));
  const servers = await serversCpu();
  const sinkBefore = await cpuOfProcess(sink.pid);
  return async (count) => ({
    cpu: (await cpuSince(senders, before)) / count,
    servers: cpuBetween(servers, await serversCpu()) / count,
    sink: ((await cpuOfProcess(sink.pid)) - sinkBefore) / count,
  });
}

/** The CPU the database servers (PostgreSQL's processes and Redis) used so far, in µs by process id. */
async function serversCpu() {
  const [postgres, redis] = await Promise.all([cpuOfProcesses('postgres'), cpuOfProcesses('redis-server')]);
  return new Map([...(postgres ?? []), ...(redis ?? [])]);
}

/** A shared store, its config in this process, and a producer outbox on it that is never started. */
function openShared(options = {}) {
  const opened = openStore('postgres');
  const secretKey = randomBytes(32).toString('base64');
  const config = createSmtpConfig({ store: opened.store, secretKey, logger: silent, ...options });
  const producer = createOutbox({ config });
  return { ...opened, secretKey, config, producer };
}

/** Starts `INSTANCES` instances of an outbox on `engine` over the shared store. */
async function startInstances(engine, shared, queue, outbox, providers) {
  const instances = await Promise.all(
    Array.from({ length: INSTANCES }, () =>
      startInstance({
        engine,
        schema: shared.schema,
        queue: queue.name,
        secretKey: shared.secretKey,
        outbox,
        providers,
      }),
    ),
  );
  // One after the other: two pg-boss instances creating its schema at once can deadlock (BENCHMARKS.md, Scale-out).
  for (const instance of instances) await instance.ask('start');
  return instances;
}

async function stopAll(instances) {
  await Promise.all(instances.map((instance) => instance.ask('stop').catch(() => instance.kill())));
}

/** Part 1: 2 instances on `engine` against raw nodemailer in 2 processes, to `sink`, which `server` describes. */
async function throughput(sink, engine, server) {
  const shared = openShared();
  const queue = openQueue(engine);
  const tenants = Array.from({ length: TENANTS }, (_, n) => tenantName(n));
  let instances = [];
  const raws = [];
  try {
    await register(shared.config, sink.port, tenants);
    const outbox = {
      maxConnections: CONNECTIONS,
      concurrency: IN_FLIGHT,
      perTenant: PER_TENANT,
      maintenanceMs: MAINTENANCE_MS,
      healthCheckMs: false,
      keepAliveMs: false,
    };
    instances = await startInstances(engine, shared, queue, outbox);
    for (let n = 0; n < INSTANCES; n += 1) raws.push(await startInstance({ engine: 'raw' }));

    const measureRaw = async (count, tenantPools = 1) => {
      const from = await sink.received();
      const used = await cpuWindow(raws, sink);
      const started = performance.now();
      const share = {
        port: sink.port,
        count: count / INSTANCES,
        concurrency: IN_FLIGHT,
        maxConnections: CONNECTIONS,
        tenants: tenantPools,
      };
      await Promise.all(raws.map((raw) => raw.ask('raw', share)));
      await sink.until(from + count);
      const rate = count / ((performance.now() - started) / 1000);
      return { rate, ...(await used(count)) };
    };
    const measureOutbox = async (count) => {
      const since = new Date().toISOString();
      const from = await sink.received();
      await enqueueAll(shared.producer, tenants, count);
      const used = await cpuWindow(instances, sink);
      const started = performance.now();
      await Promise.all(instances.map((instance) => instance.ask('wake')));
      await untilSent(sink, from, shared.store, tenants, since, count);
      const rate = count / ((performance.now() - started) / 1000);
      return { rate, ...(await used(count)) };
    };

    // A round of each first: both sides' code is compiled and their connections are warm when timing starts.
    await measureRaw(MESSAGES);
    await measureOutbox(MESSAGES);
    const runs = {
      raw: [],
      rawPerTenant: [],
      outbox: [],
      cpuRaw: [],
      cpuOutbox: [],
      serversRaw: [],
      serversOutbox: [],
      machineRaw: [],
      machineOutbox: [],
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      const sides = [
        async () => {
          const { rate, cpu, servers, sink: sinkCpu } = await measureRaw(MESSAGES);
          runs.raw.push(rate);
          runs.cpuRaw.push(cpu);
          runs.serversRaw.push(servers);
          runs.machineRaw.push(cpu + servers + sinkCpu);
        },
        async () => {
          runs.rawPerTenant.push((await measureRaw(MESSAGES, TENANTS)).rate);
        },
        async () => {
          const { rate, cpu, servers, sink: sinkCpu } = await measureOutbox(MESSAGES);
          runs.outbox.push(rate);
          runs.cpuOutbox.push(cpu);
          runs.serversOutbox.push(servers);
          runs.machineOutbox.push(cpu + servers + sinkCpu);
        },
      ];
      if (round % 2 === 1) sides.reverse();
      for (const side of sides) await side();
    }
    const ratios = runs.outbox.map((value, round) => value / runs.raw[round]);
    const ratio = median(ratios);
    const perTenantRatios = runs.outbox.map((value, round) => value / runs.rawPerTenant[round]);
    console.log(
      `${engine}, ${sinkName(server)}: ${MESSAGES} messages of ${TENANTS} tenants, ${INSTANCES} processes each ≤ ${CONNECTIONS} connections and ${IN_FLIGHT} in flight (outbox: perTenant ${PER_TENANT}), AUTH PLAIN, PostgreSQL store, median of ${ROUNDS} rounds after a warm-up`,
    );
    console.log(
      `  raw nodemailer (pool) ×${INSTANCES}: ${formatRate(median(runs.raw))}  ${formatList(runs.raw)}`,
    );
    console.log(
      `  outbox ×${INSTANCES}, delivered:   ${formatRate(median(runs.outbox))}  ${formatList(runs.outbox)}`,
    );
    console.log(
      `  raw nodemailer, a pool per tenant (${TENANTS} pools of ${Math.max(1, Math.floor(CONNECTIONS / TENANTS))} connections) ×${INSTANCES}: ${formatRate(median(runs.rawPerTenant))}  ${formatList(runs.rawPerTenant)}`,
    );
    console.log(
      `  outbox / raw nodemailer: ${ratio.toFixed(2)} ${formatList(ratios, 2)} (target ≥ ${TARGET}: ${ratio >= TARGET ? 'met' : 'missed'})`,
    );
    console.log(
      `  outbox / raw nodemailer with a pool per tenant: ${median(perTenantRatios).toFixed(2)} ${formatList(perTenantRatios, 2)} (for reference: each tenant's own login, as the outbox sends)`,
    );
    console.log(
      `  CPU per message, the ${INSTANCES} processes together: raw ${Math.round(median(runs.cpuRaw))} µs, outbox ${Math.round(median(runs.cpuOutbox))} µs (PostgreSQL's and Redis's own CPU apart)`,
    );
    console.log(
      `  PostgreSQL's and Redis's CPU per message (all their processes): during raw ${Math.round(median(runs.serversRaw))} µs, during the outbox ${Math.round(median(runs.serversOutbox))} µs`,
    );
    // Both sides keep the machine's cores about as busy, so this ratio is about the throughput's; with a
    // sink that answers later, the cores are not the bound and the ratio says nothing of the throughput's.
    const machineRatios = runs.machineOutbox.map((value, round) => runs.machineRaw[round] / value);
    if (server.local)
      console.log(
        `  the machine's CPU per message (the senders, PostgreSQL and Redis, the sink): raw ${Math.round(median(runs.machineRaw))} µs, outbox ${Math.round(median(runs.machineOutbox))} µs; raw ÷ outbox ${median(machineRatios).toFixed(2)} ${formatList(machineRatios, 2)}`,
      );
  } finally {
    await stopAll([...instances, ...raws]);
    await shared.dispose();
    await queue.dispose();
  }
}

/** Part 2: many tenants registered, some active, some of those with OAuth, on pg-boss. */
async function manyTenants(sink) {
  const mock = await startOAuthMock();
  const providers = { google: mock.googleOptions({ host: HOST, port: sink.port, security: 'none' }) };
  const shared = openShared({ providers });
  const queue = openQueue('pg-boss');
  let instances = [];
  try {
    const registered = Array.from({ length: REGISTERED }, (_, n) => tenantName(n));
    const active = registered.slice(0, ACTIVE);
    // Spread over the active ones, so turns of both kinds mix.
    const oauthEvery = Math.floor(ACTIVE / OAUTH);
    const isOAuth = (tenant) => {
      const n = Number(tenant.slice('tenant-'.length));
      return n < ACTIVE && n % oauthEvery === 0 && n / oauthEvery < OAUTH;
    };
    const seeding = performance.now();
    await register(shared.config, sink.port, registered, { oauth: isOAuth });
    const seeded = (performance.now() - seeding) / 1000;
    const outbox = {
      maxConnections: CONNECTIONS,
      concurrency: IN_FLIGHT,
      perTenant: 1,
      maintenanceMs: 600_000,
      healthCheckMs: false,
      keepAliveMs: false,
    };
    instances = await startInstances('pg-boss', shared, queue, outbox, providers);
    const before = await Promise.all(instances.map((instance) => instance.ask('usage')));
    await sink.peak();
    const started = performance.now();
    // Two waves: a tenant's second message is often served by the other instance, or by a new mailer here.
    for (let wave = 0; wave < 2; wave += 1) {
      const since = new Date().toISOString();
      const from = await sink.received();
      await enqueueAll(shared.producer, active, ACTIVE);
      await Promise.all(instances.map((instance) => instance.ask('wake')));
      await untilSent(sink, from, shared.store, active, since, ACTIVE);
    }
    const seconds = (performance.now() - started) / 1000;
    const { peak, oauthLogins } = await sink.peak();
    await sleep(2_000);
    const after = await Promise.all(instances.map((instance) => instance.ask('usage')));
    const grown = after.reduce((sum, { heap }, index) => sum + heap - before[index].heap, 0);
    const refreshes = mock.refreshes();
    console.log(
      `${REGISTERED} tenants registered (saved in ${seeded.toFixed(0)} s), ${ACTIVE} active × 2 messages in two waves, ${OAUTH} of them Google OAuth; ${INSTANCES} instances on pg-boss, each ≤ ${CONNECTIONS} connections, perTenant 1`,
    );
    console.log(
      `  delivered in ${seconds.toFixed(1)} s; most connections open at the sink: ${peak} (cap ${CONNECTIONS * INSTANCES}: ${peak <= CONNECTIONS * INSTANCES ? 'met' : 'missed'})`,
    );
    console.log(
      `  instances' heap per active tenant, after delivery: ${Math.round(grown / ACTIVE)} bytes (both instances together, over their heap once started: ${(before.reduce((sum, { heap }) => sum + heap, 0) / 1e6).toFixed(1)} MB)`,
    );
    console.log(
      `  token refreshes at the OAuth server: ${refreshes} for ${OAUTH} OAuth tenants (${(refreshes / OAUTH).toFixed(2)} per tenant, target 1), XOAUTH2 logins at the sink: ${oauthLogins}`,
    );
  } finally {
    await stopAll(instances);
    await shared.dispose();
    await queue.dispose();
    await mock.stop();
  }
}

const ENQUEUE_PRODUCERS = 50;
const ENQUEUE_RATE = 1000;
const ENQUEUE_STEADY = Number(process.env.BENCH_STEADY_MESSAGES ?? 4000);
const ENQUEUE_SATURATED = Number(process.env.BENCH_SATURATED_MESSAGES ?? 6000);
const ENQUEUE_TENANTS = 10;

/** An outbox started on a fresh PostgreSQL store with `engine` (none: the embedded one), delivering to the sink. */
async function openEnqueueSide(sink, engine) {
  const shared = openShared();
  const queue = engine === 'postgres' ? undefined : openQueue(engine);
  const tenants = Array.from({ length: ENQUEUE_TENANTS }, (_, n) => tenantName(n));
  await register(shared.config, sink.port, tenants);
  const { bullmqEngine, pgBossEngine } = await import('@smtp-settings/adapter');
  const engines = {
    postgres: () => undefined,
    'pg-boss': () => pgBossEngine({ connectionString: DATABASE_URL, schema: queue.name }),
    bullmq: () => bullmqEngine({ connection: { host: '127.0.0.1', port: 6379 }, prefix: queue.name }),
  };
  const chosen = engines[engine]();
  const outbox = createOutbox({
    config: shared.config,
    ...(chosen && { engine: chosen, maintenanceMs: MAINTENANCE_MS }),
    healthCheckMs: false,
    keepAliveMs: false,
  });
  await outbox.start();
  return {
    tenants,
    store: shared.store,
    outbox,
    async close() {
      await outbox.stop();
      await shared.dispose();
      await queue?.dispose();
    },
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/**
 * `count` enqueues from `ENQUEUE_PRODUCERS` producers, at `rate` a second together (each from its due
 * time) or each again as soon as its last resolved; answers p50, p99 and the rate, once all are delivered.
 */
async function enqueueRound(sink, side, { count, rate }) {
  const since = new Date().toISOString();
  const from = await sink.received();
  const latencies = [];
  const interval = rate ? (ENQUEUE_PRODUCERS * 1000) / rate : 0;
  let next = 0;
  const producer = async () => {
    await sleep(Math.random() * interval);
    const first = performance.now();
    for (let turn = 1; next < count; turn += 1) {
      const n = next;
      next += 1;
      const due = first + turn * interval;
      if (due > performance.now()) await sleep(due - performance.now());
      const start = rate ? due : performance.now();
      await side.outbox.enqueue(MESSAGE, { tenant: side.tenants[n % side.tenants.length] });
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: ENQUEUE_PRODUCERS }, producer));
  const achieved = count / ((performance.now() - started) / 1000);
  // Delivered before the next round, so no round inherits another's backlog.
  await untilSent(sink, from, side.store, side.tenants, since, count);
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), rate: achieved };
}

/** Part 3: enqueue latency and rate per engine, against the embedded outbox on the same store. */
async function enqueueLatency(sink) {
  const names = ['postgres', ...ENGINES];
  const sides = {};
  try {
    for (const name of names) sides[name] = await openEnqueueSide(sink, name);
    for (const name of names) await enqueueRound(sink, sides[name], { count: 500 });
    for (const [load, options] of [
      [
        `steady ${ENQUEUE_RATE} msg/s offered, ${ENQUEUE_STEADY} a round`,
        { count: ENQUEUE_STEADY, rate: ENQUEUE_RATE },
      ],
      [
        `saturated, ${ENQUEUE_PRODUCERS} always in flight, ${ENQUEUE_SATURATED} a round`,
        { count: ENQUEUE_SATURATED },
      ],
    ]) {
      const rounds = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const result = {};
        for (let turn = 0; turn < names.length; turn += 1) {
          const name = names[(round + turn) % names.length];
          result[name] = await enqueueRound(sink, sides[name], options);
        }
        rounds.push(result);
      }
      console.log(
        `enqueue on a started outbox, PostgreSQL store, ${ENQUEUE_PRODUCERS} producers, ${ENQUEUE_TENANTS} tenants, delivering meanwhile: ${load}; medians of ${ROUNDS} rounds`,
      );
      for (const name of names) {
        const of = (key) => median(rounds.map((round) => round[name][key]));
        const ratio = (key) =>
          median(rounds.map((round) => round[name][key] / round.postgres[key])).toFixed(2);
        console.log(
          `  ${(name === 'postgres' ? 'no engine (embedded)' : name).padEnd(20)} p50 ${of('p50').toFixed(2)} ms, p99 ${of('p99').toFixed(2)} ms ${formatList(
            rounds.map((round) => round[name].p99),
            1,
          )}, ${Math.round(of('rate'))} msg/s` +
            (name === 'postgres' ? '' : `; ÷ embedded: p99 ${ratio('p99')}, rate ${ratio('rate')}`),
        );
      }
    }
  } finally {
    for (const side of Object.values(sides)) await side.close();
  }
}

async function main() {
  const sink = await startSink();
  try {
    if (PARTS.includes('throughput')) {
      for (const server of SERVERS) {
        const far = server.local
          ? sink
          : await startSink({ latencyMs: server.answerMs, rttMs: server.rttMs });
        try {
          for (const engine of ENGINES) await throughput(far, engine, server);
        } finally {
          if (far !== sink) await far.stop();
        }
      }
    }
    if (PARTS.includes('tenants')) await manyTenants(sink);
    if (PARTS.includes('enqueue')) await enqueueLatency(sink);
    await sink.stop();
  } finally {
    sink.kill();
  }
}

await main();
