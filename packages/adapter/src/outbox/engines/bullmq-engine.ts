import type { Job, Queue, Worker } from 'bullmq';
import { assertInstalled } from '../../stores/optional-peer.js';
import type { EngineHandlers, PeriodicTask, QueueEngine } from '../queue-engine.js';
import { QueueEngineError } from './queue-engine-error.js';
import {
  assertRedisClientInstalled,
  closeRedis,
  type OpenedRedis,
  openRedis,
  REDIS_WAIT_MS,
} from './redis-connection.js';
import type { RedisConnection } from './redis-options.js';
import { within } from './within.js';

/** Options of {@link bullmqEngine}. */
export interface BullmqEngineOptions {
  /**
   * Where Redis is: `{ host, port, … }`, a `redis://` URL, or an ioredis client the host owns and closes
   * itself, created with `maxRetriesPerRequest: null` as BullMQ's workers need.
   */
  connection: RedisConnection;
  /** The prefix of every Redis key of the engine; default `smtp-settings`. */
  prefix?: string;
  /** The name the engine's queues start with; default `outbox`. Instances that share it share the work. */
  queueName?: string;
}

const ENGINE = 'bullmq';
const MISSING_BULLMQ =
  'smtp-settings: bullmqEngine() needs the `bullmq` package; install it (npm install bullmq ioredis)';
const TURN = 'turn';
/** BullMQ keeps a delayed job's due time, in ms, times 4096 as its score in the delayed set (`getDelayedScore.lua`). */
const DELAYED_SCORE_PER_MS = 0x1000;

/** What a started engine holds, closed in the order listed. */
interface Running {
  /** The turns and task runs under way here: stop() waits for them itself, apart from Redis. */
  busy: Set<Promise<void>>;
  workers: Worker[];
  queues: Queue[];
  turns: Queue;
  redis: OpenedRedis;
  /**
   * Tenants whose turn this instance serves, with the soonest turn asked for meanwhile (epoch ms): their
   * job keeps its id until it ends, so the turn is asked for once it ended, not dropped.
   */
  serving: Map<string, number | undefined>;
}

/**
 * A {@link QueueEngine} on Redis with BullMQ, for outboxes whose instances share a Redis: one delayed job
 * per tenant is its waiting turn, and BullMQ job schedulers run the periodic tasks once per period across
 * the instances. `bullmq` and `ioredis` are optional peer dependencies, loaded on `start()`.
 *
 * @example
 * const engine = bullmqEngine({ connection: process.env.REDIS_URL });
 */
export function bullmqEngine(options: BullmqEngineOptions): QueueEngine {
  assertInstalled('bullmq', MISSING_BULLMQ);
  assertRedisClientInstalled(options.connection);
  const prefix = options.prefix ?? 'smtp-settings';
  const queueName = options.queueName ?? 'outbox';
  let running: Running | undefined;
  let connecting: Promise<Connected> | undefined;

  /** Redis and the turns' queue, once: for `start()`, or for the first `requestTurn` of an instance that only asks for turns. */
  const connected = () => {
    connecting ??= connect(options.connection, { prefix, queueName }).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };

  return {
    name: ENGINE,
    async start(handlers, { concurrency }) {
      if (running) throw new Error('smtp-settings: bullmqEngine() is already started');
      try {
        running = await open(await connected(), { prefix, queueName }, handlers, concurrency);
      } finally {
        if (!running) connecting = undefined;
      }
    },
    async requestTurn(tenant, at) {
      const { turns, redis } = running ?? (await connected());
      const due = at?.getTime() ?? Date.now();
      const serving = running?.serving;
      if (serving?.has(tenant)) {
        serving.set(tenant, Math.min(due, serving.get(tenant) ?? due));
        return;
      }
      try {
        await within(askForTurn(turns, redis, tenant, due), REDIS_WAIT_MS, 'get an answer from Redis');
      } catch (error) {
        throw new QueueEngineError(ENGINE, 'ask for a turn', error);
      }
    },
    async othersWaiting(tenant) {
      if (!running) return true;
      // The first two suffice: one may be this tenant's own next turn.
      const jobs = await within(
        running.turns.getJobs(['wait', 'prioritized'], 0, 1, true),
        REDIS_WAIT_MS,
        'get an answer from Redis',
      );
      return jobs.some((job) => (job?.data as Partial<{ tenant: string }> | undefined)?.tenant !== tenant);
    },
    async stop() {
      const stopping = running;
      const asking = connecting;
      running = undefined;
      connecting = undefined;
      if (stopping) await close(stopping);
      else await asking?.then(closeConnected, () => undefined);
    },
  };
}

/** BullMQ job ids may not contain `:`, which tenant ids may: the id encodes the tenant. */
function turnJobId(tenant: string): string {
  return `${TURN}-${Buffer.from(tenant).toString('base64url')}`;
}

/** Redis and the queue of turns: all an instance that only asks for turns needs. */
interface Connected {
  redis: OpenedRedis;
  turns: Queue;
}

/** Connects to Redis and opens the queue of turns. */
async function connect(
  connection: RedisConnection,
  names: { prefix: string; queueName: string },
): Promise<Connected> {
  const { Queue } = await import('bullmq');
  let redis: OpenedRedis;
  try {
    redis = await openRedis(connection);
  } catch (error) {
    throw new QueueEngineError(ENGINE, 'connect to Redis', error);
  }
  const turns = new Queue(`${names.queueName}-turns`, { connection: redis.client, prefix: names.prefix });
  turns.on('error', () => undefined);
  return { redis, turns };
}

/** Closes what {@link connect} opened, dropping the connection when Redis does not answer. */
async function closeConnected({ redis, turns }: Connected): Promise<void> {
  await within(turns.close(), REDIS_WAIT_MS, 'get an answer from Redis').catch(() => turns.disconnect());
  await closeRedis(redis);
}

/** Starts the workers of turns and of periodic tasks on `connected`; closes everything when a step fails. */
async function open(
  { redis, turns }: Connected,
  names: { prefix: string; queueName: string },
  handlers: EngineHandlers,
  concurrency: number,
): Promise<Running> {
  const { Queue, Worker } = await import('bullmq');
  const base = { connection: redis.client, prefix: names.prefix };
  const running: Running = {
    busy: new Set(),
    workers: [],
    queues: [turns],
    turns,
    redis,
    serving: new Map(),
  };
  try {
    // serve() never rejects; were it to, the turn is only dropped (removeOnFail) and the reconciler asks again.
    const serve = (job: Job<{ tenant: string }>) => {
      running.serving.set(job.data.tenant, undefined);
      return underWay(running.busy, handlers.serve(job.data.tenant));
    };
    // A turn of an instance that died is handed out again once its lock ran out: within about 15 s.
    const turnWorker = new Worker(turns.name, serve, {
      ...base,
      concurrency,
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    // Once the turn's job is gone, the turn asked for meanwhile here is asked for.
    const ended = (job: Job<{ tenant: string }> | undefined) => {
      if (!job) return;
      const asked = running.serving.get(job.data.tenant);
      running.serving.delete(job.data.tenant);
      if (asked !== undefined) void askForTurn(turns, redis, job.data.tenant, asked).catch(() => undefined);
    };
    turnWorker.on('completed', ended);
    turnWorker.on('failed', ended);
    running.workers.push(turnWorker);
    const ready: Promise<unknown>[] = [];
    if (handlers.tasks.length > 0) {
      const tasks = new Queue(`${names.queueName}-tasks`, base);
      running.queues.push(tasks);
      running.workers.push(
        new Worker(tasks.name, taskRunner(handlers.tasks, running.busy), {
          ...base,
          concurrency: handlers.tasks.length,
        }),
      );
      ready.push(...handlers.tasks.map((task) => scheduleTask(tasks, task)));
    }
    // Connection failures after start surface as rejected calls; ioredis reconnects by itself meanwhile.
    for (const queue of running.queues) queue.on('error', () => undefined);
    for (const worker of running.workers) worker.on('error', () => undefined);
    ready.push(...running.workers.map((worker) => worker.waitUntilReady()));
    await within(Promise.all(ready), REDIS_WAIT_MS, 'start the workers');
  } catch (error) {
    await close(running);
    throw new QueueEngineError(ENGINE, 'start its workers', error);
  }
  return running;
}

/** The processor of the tasks queue: each job names the task it is a run of. */
function taskRunner(tasks: readonly PeriodicTask[], busy: Set<Promise<void>>) {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  // A task no longer known (an instance of an older version scheduled it) completes without running.
  return (job: Job) => underWay(busy, byName.get(job.name)?.run() ?? Promise.resolve());
}

/** Runs `work` as one of `busy` until it settles; never rejects. */
async function underWay(busy: Set<Promise<void>>, work: Promise<void>): Promise<void> {
  const settled = work.catch(() => undefined);
  busy.add(settled);
  await settled;
  busy.delete(settled);
}

/** Creates or updates the task's scheduler; every instance does, and the scheduler stays one. */
async function scheduleTask(tasks: Queue, task: PeriodicTask): Promise<void> {
  await tasks.upsertJobScheduler(
    task.name,
    { every: task.periodMs },
    { name: task.name, opts: { removeOnComplete: true, removeOnFail: true } },
  );
}

/**
 * Adds the tenant's turn job, due at `due`, unless it has one; moves a waiting one sooner when it is due
 * later. A turn being served keeps its id until it ends: a request meanwhile from this instance is made
 * once it ended (`Running.serving`), one from another instance is dropped, as the interface allows.
 */
async function askForTurn(turns: Queue, redis: OpenedRedis, tenant: string, due: number): Promise<void> {
  const jobId = turnJobId(tenant);
  await turns.add(
    TURN,
    { tenant },
    { jobId, delay: Math.max(0, due - Date.now()), removeOnComplete: true, removeOnFail: true },
  );
  const score = await redis.client.zscore(turns.keys.delayed as string, jobId);
  if (score === null || Math.floor(Number(score) / DELAYED_SCORE_PER_MS) <= due) return;
  const job = await turns.getJob(jobId);
  if (!job) return;
  const delay = due - Date.now();
  try {
    await (delay > 0 ? job.changeDelay(delay) : job.promote());
  } catch (error) {
    // It was handed out (or moved) since: it is no longer waiting later than asked.
    if ((await job.getState()) === 'delayed') throw error;
  }
}

/**
 * Stops the workers taking turns, waits for the turns and task runs under way (they end by themselves),
 * then closes the workers, the queues and our connection; drops the connections when Redis does not
 * answer, rather than wait for it to come back.
 */
async function close({ busy, workers, queues, redis }: Running): Promise<void> {
  const closing = Promise.all(workers.map((worker) => worker.close()));
  // A job the worker had fetched before closing may start after this line began waiting.
  while (busy.size > 0) await Promise.all(busy);
  try {
    await within(
      closing.then(() => Promise.all(queues.map((queue) => queue.close()))),
      REDIS_WAIT_MS,
      'get an answer from Redis',
    );
  } catch {
    await Promise.all([...workers, ...queues].map((each) => each.disconnect()));
  }
  await closeRedis(redis);
}
