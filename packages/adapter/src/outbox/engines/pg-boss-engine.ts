import type PgBoss from 'pg-boss';
import { requireInstalled } from '../../stores/optional-peer.js';
import type { EngineHandlers, PeriodicTask, QueueEngine } from '../queue-engine.js';
import { QueueEngineError } from './queue-engine-error.js';
import { within } from './within.js';

/** Options of {@link pgBossEngine}. */
export interface PgBossEngineOptions {
  /** The host's PostgreSQL, e.g. `postgres://app@db.internal/app`; the engine opens a small pool of its own. */
  connectionString: string;
  /** The schema pg-boss keeps its jobs in, created on first start; defaults to `pgboss`, pg-boss's own. */
  schema?: string;
  /** The prefix of the queues' names, so several outboxes can share one pg-boss; defaults to `smtp-settings`. */
  queue?: string;
  /** Connections of the engine's pool at most; defaults to 4. */
  maxConnections?: number;
  /** How long `start()` waits for PostgreSQL and pg-boss's schema, in ms; defaults to 15 s. */
  startTimeoutMs?: number;
  /** How often an idle instance looks for turns other instances asked for, in ms (at least 500); defaults to 1 s. */
  pollMs?: number;
}

type PgBossModule = typeof PgBoss;

/** A turn's job: whose turn it is. */
interface TurnData {
  tenant: string;
}

/** A periodic task's job: which task runs. */
interface TaskData {
  task: string;
}

/** How long a turn waits to learn whether others wait, in ms: past it, the turn ends as if they did. */
const WAITING_READ_MS = 1_000;

/** How long a turn may stay active before pg-boss gives up on it (its instance died): the reconciler asks again. */
const TURN_EXPIRY_SECONDS = 15 * 60;

/**
 * The outbox's queue engine on pg-boss 10 and the host's PostgreSQL: several instances of a host share the
 * turns through it. A tenant's turn is a job of a `short` queue keyed by the tenant, so at most one waits
 * (a request for sooner moves it sooner); tenants take turns in the order they asked. A periodic task is a
 * job keyed by its period's slot (`singletonSeconds`), which pg-boss lets exist once however many instances
 * send it. Install `pg-boss` 10 (an optional peer).
 *
 * @example
 * ```ts
 * const outbox = createOutbox({ config, engine: pgBossEngine({ connectionString: process.env.DATABASE_URL }) });
 * await outbox.start();
 * ```
 */
export function pgBossEngine(options: PgBossEngineOptions): QueueEngine {
  const { connectionString, schema = 'pgboss', queue = 'smtp-settings' } = options;
  if (typeof connectionString !== 'string' || connectionString === '') {
    throw new TypeError('smtp-settings: pgBossEngine needs `connectionString`, the PostgreSQL to queue on');
  }
  if (!/^[A-Za-z0-9_.-]+$/u.test(queue)) {
    throw new TypeError(
      'smtp-settings: the pgBossEngine option `queue` may hold letters, digits, `_`, `.` and `-`',
    );
  }
  const pollMs = Math.max(options.pollMs ?? 1_000, 500);
  const turns = `${queue}.turns`;
  const tasks = `${queue}.tasks`;
  let boss: PgBoss | undefined;
  let connecting: Promise<PgBoss> | undefined;
  let workers: string[] = [];
  let nextWorker = 0;
  let taskTimers: NodeJS.Timeout[] = [];

  /** Sends the current period's job of a task: only the first instance to send it stores it. */
  async function sendTask(task: PeriodicTask): Promise<void> {
    const seconds = Math.max(1, Math.round(task.periodMs / 1000));
    await boss?.send(tasks, { task: task.name } satisfies TaskData, {
      singletonKey: task.name,
      singletonSeconds: seconds,
      retryLimit: 0,
      expireInSeconds: seconds * 2 + 60,
    });
  }

  /**
   * Starts pg-boss and its queues, once: for `start()`, or for the first `requestTurn` of an instance that
   * only asks for turns (a web tier that enqueues), which `start()` then goes on with.
   */
  function connect(): Promise<PgBoss> {
    connecting ??= open().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function open(): Promise<PgBoss> {
    const PgBossClass = requireInstalled<PgBossModule>(
      'pg-boss',
      'smtp-settings: pgBossEngine needs the `pg-boss` package (version 10): npm install pg-boss@10',
    );
    const instance = new PgBossClass({
      connectionString,
      schema,
      max: options.maxConnections ?? 4,
      // pg-boss hands these to its pg.Pool: a PostgreSQL that is down fails a query, never hangs it.
      ...({ connectionTimeoutMillis: 5_000 } as object),
      supervise: true,
      schedule: false,
    });
    // pg-boss reports a lost connection as an event; the next poll tries again.
    instance.on('error', () => undefined);
    try {
      await within(
        (async () => {
          await instance.start();
          await racing(() =>
            instance.createQueue(turns, {
              name: turns,
              policy: 'short',
              retryLimit: 0,
              expireInSeconds: TURN_EXPIRY_SECONDS,
            }),
          );
          await racing(() => instance.createQueue(tasks, { name: tasks, retryLimit: 0 }));
        })(),
        options.startTimeoutMs ?? 15_000,
        'start',
      );
    } catch (error) {
      await instance.stop({ graceful: false, wait: false }).catch(() => undefined);
      throw new QueueEngineError('pg-boss', 'start on PostgreSQL', error);
    }
    boss = instance;
    return instance;
  }

  return {
    name: 'pg-boss',

    async start(handlers: EngineHandlers, { concurrency }) {
      if (workers.length > 0) return;
      const instance = await connect();
      const byName = new Map(handlers.tasks.map((task) => [task.name, task]));
      const pollingIntervalSeconds = pollMs / 1000;
      for (let index = 0; index < concurrency; index += 1) {
        const id: string = await instance.work<TurnData>(
          turns,
          { batchSize: 1, pollingIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            await handlers.serve(job.data.tenant);
            // A worker that found a turn looks for the next at once: pg-boss would wait out its poll first.
            instance.notifyWorker(id);
          },
        );
        workers.push(id);
      }
      if (byName.size > 0) {
        await instance.work<TaskData>(tasks, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
          await (job && byName.get(job.data.task))?.run();
        });
      }
      for (const task of handlers.tasks) {
        const send = () => void sendTask(task).catch(() => undefined);
        send();
        const timer = setInterval(send, task.periodMs);
        timer.unref();
        taskTimers.push(timer);
      }
    },

    async requestTurn(tenant, at) {
      const instance = boss ?? (await connect());
      const startAfter = at && at.getTime() > Date.now() ? at : new Date();
      const id = await instance.send(turns, { tenant } satisfies TurnData, {
        singletonKey: tenant,
        startAfter,
      });
      if (id === null) {
        // One waits already: make it due no later than asked.
        await instance.getDb().executeSql(
          `UPDATE ${quoteIdentifier(schema)}.job SET start_after = $3
              WHERE name = $1 AND singleton_key = $2 AND state = 'created' AND start_after > $3`,
          [turns, tenant, startAfter],
        );
      }
      if (startAfter.getTime() <= Date.now() && workers.length > 0) {
        // A worker of this instance looks now instead of at its next poll.
        instance.notifyWorker(workers[nextWorker++ % workers.length] as string);
      }
    },

    async othersWaiting(tenant) {
      const instance = boss;
      if (!instance) return true;
      const { rows } = await within(
        instance.getDb().executeSql(
          `SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(schema)}.job
             WHERE name = $1 AND state = 'created' AND start_after <= now() AND singleton_key <> $2) AS waiting`,
          [turns, tenant],
        ),
        WAITING_READ_MS,
        'read the waiting turns',
      );
      return rows[0]?.waiting !== false;
    },

    async stop() {
      for (const timer of taskTimers) clearInterval(timer);
      taskTimers = [];
      const instance = await connecting?.catch(() => undefined);
      boss = undefined;
      connecting = undefined;
      workers = [];
      await instance?.stop({ graceful: true, wait: true, timeout: 60_000 });
    },
  };
}

/** What PostgreSQL answers an instance that creates a queue while another does: try again. */
const RACE_CODES = new Set(['40P01', '23505', '42P07']);

/** Runs `create` again, up to 5 times after a short wait, while it lost a race with another instance starting. */
async function racing(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await create();
      return;
    } catch (error) {
      if (attempt >= 5 || !RACE_CODES.has((error as { code?: string })?.code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** Quotes a schema name for SQL, as pg-boss takes it verbatim in its own statements. */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
