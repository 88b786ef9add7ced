import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Mailer } from '../mailer/create-mailer.js';
import type { SettingsStore } from '../stores/store.js';
import { runAttempt } from './attempt.js';
import { createAttemptRecorder, dueOf, nameOf } from './attempt-recorder.js';
import type { ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import { maintainOutbox } from './maintenance.js';
import type { PeriodicTask, QueueEngine } from './queue-engine.js';
import type { TenantTurns } from './tenant-turns.js';
import type { OutboxWorker, WorkerOptions } from './worker.js';

/** What the turn worker works with: the embedded worker's parts, and the engine that hands out turns. */
export interface TurnWorkerOptions extends Omit<WorkerOptions, 'store'> {
  /** The delivery log, the tenants' turns and the settings revisions. */
  store: DeliveryStore & TenantTurns & SettingsStore;
  /** Hands out the tenants' turns, shared by every instance. */
  engine: QueueEngine;
  /** Periodic work the engine runs beside the maintenance, e.g. the outbox's `scheduledTasks`. */
  tasks?: readonly PeriodicTask[];
}

/** How long one turn keeps sending a tenant's due mail before it goes to the back of the line, in ms. */
const TURN_MS = 200;

/**
 * How long a turn may go on, in steps of TURN_MS, while no other tenant's turn waits: each turn costs a
 * few statements and often new connections, which a tenant sending alone need not pay every 200 ms.
 */
const LONGEST_TURN_MS = 2_000;

/**
 * How many messages a turn that made its tenant's mailer sends per connection it may open before it
 * yields to a waiting tenant (within LONGEST_TURN_MS): a distant server's TCP, TLS and login take longer
 * than 200 ms, and a turn ended before they paid off sent a message per connection.
 */
const SENDS_PER_NEW_CONNECTION = 20;

/**
 * How many rounds of its slots a turn claims in one statement while it still owes its new connections
 * more sends than that: it will send them, and a claim of 20 messages costs PostgreSQL well under twice
 * one of 8. Otherwise it claims two rounds, so a turn that yields gives few back.
 */
const OWED_CLAIM_ROUNDS = 4;

/** The most tenants one run of the reconciler asks turns for, soonest due first. */
const RECONCILE_LIMIT = 1_000;

/**
 * Creates the worker of an outbox on a queue engine. The engine hands this instance a tenant's turn; the
 * turn takes the tenant's lease in the store (so no other instance serves the tenant meanwhile), sends its
 * due messages with `perTenant` always in flight for up to 200 ms (2 s while no other tenant's turn
 * waits, or until it used the connections it opened), within its rate, ends, and asks the engine for the
 * tenant's next turn at its next due time. Held tenants get no turns until a save releases them, which
 * any instance notices within `pollMs`. Once per `maintenanceMs` across all instances, messages
 * past the horizon fail, old ones are purged, and every tenant with mail waiting is asked a turn for
 * again, so mail whose turn was lost (an instance killed, an engine restarted empty) still goes.
 *
 * @example
 * const worker = createTurnWorker({ store, engine, secrets, logger, clock, settings, pool, holds, rates });
 * await worker.start();
 */
export function createTurnWorker(options: TurnWorkerOptions): OutboxWorker {
  const { store, engine, secrets, logger, clock, settings, pool, holds, rates } = options;
  const owner = randomUUID();
  const context = { store, secrets, clock, backoff: settings.backoff, horizonMs: settings.horizonMs };
  const { record, giveBack } = createAttemptRecorder({
    store,
    holds,
    logger,
    clock,
    owner,
    leaseMs: settings.leaseMs,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  let running = false;
  /** Stopped after it ran: it asks the engine for nothing more. */
  let stopped = false;
  let holdsTimer: NodeJS.Timeout | undefined;
  /** Tenants whose turn this instance serves: a second turn of one is dropped, the first asks for the next. */
  const serving = new Set<string>();

  /** Serves a turn of `tenant`; a failure is logged and the tenant asked for again by the reconciler. */
  async function serve(tenant: string): Promise<void> {
    if (!running || serving.has(tenant)) return;
    serving.add(tenant);
    try {
      // Held as this instance last read it: another may have seen the save that ended the hold, and asked for this turn.
      if (holds.has(tenant)) await refreshHolds();
      if (!holds.has(tenant)) await serveTurn(tenant);
    } catch (error) {
      logger.error('smtp-settings: an outbox turn failed; the tenant is served again shortly', {
        tenant,
        error: nameOf(error),
      });
    } finally {
      serving.delete(tenant);
    }
  }

  /**
   * Serves one turn: keeps `perTenant` of the tenant's due messages sending and one to two times as many
   * claimed ahead (up to four while it owes its new connections sends), so a slot that frees starts the
   * next at once (claiming only then left slots idle a round trip each) and a claim takes several (topping
   * up to exactly two times took one a claim, a statement a message), until nothing is due, the rate is
   * reached, or the turn lasted TURN_MS (up to LONGEST_TURN_MS while no other tenant's turn waits, or
   * while a turn that made the mailer has not yet sent SENDS_PER_NEW_CONNECTION per connection); messages
   * claimed ahead and not started go back. Then the turn ends and asks for the next.
   */
  async function serveTurn(tenant: string): Promise<void> {
    const began = clock().getTime();
    let leaseUntil = began + settings.leaseMs;
    const take = (now: number) => {
      leaseUntil = now + settings.leaseMs;
      return store.takeTurn({ tenant, owner, until: iso(leaseUntil), now: iso(now) });
    };
    const state = await take(began);
    // Another instance serves the tenant: its turn asks for the next.
    if (!state) return;
    pool.closeIdle();
    // A turn that makes the mailer opens its connections: it owes them some messages before it yields.
    const owed = pool.has(tenant) ? 0 : settings.perTenant * SENDS_PER_NEW_CONNECTION;
    let started = 0;
    rates.load(
      tenant,
      state.recent.map((time) => Date.parse(time)),
    );
    const ready: ClaimedDelivery[] = [];
    /** Sends under way, each until the server answered: the slots `perTenant` counts. */
    const sending = new Set<Promise<unknown>>();
    /** Attempts under way, each until recorded. */
    const attempts = new Set<Promise<void>>();
    let claiming: Promise<void> | undefined;
    let drained = false;
    let turnEnds = TURN_MS;
    let notBefore = 0;

    /** Claims twice the slots ahead (OWED_CLAIM_ROUNDS times while owed), less what is ready, while the slots send. */
    const claimAhead = (now: number) => {
      const stillOwed = Math.min(OWED_CLAIM_ROUNDS * settings.perTenant, owed - started);
      const wanted = Math.max(2 * settings.perTenant, stillOwed) - ready.length;
      claiming = (async () => {
        // The turn keeps its lease as long as it sends.
        if (now >= leaseUntil - settings.leaseMs / 2 && !(await take(now))) {
          drained = true;
          return;
        }
        const claimed = await store.claimDeliveries({
          now: iso(now),
          limit: wanted,
          perTenant: wanted,
          owner,
          leaseUntil: iso(now + settings.leaseMs),
          skipTenants: [],
          tenants: [tenant],
        });
        ready.push(...claimed);
        drained = claimed.length < wanted;
      })().finally(() => {
        claiming = undefined;
      });
    };

    const start = (delivery: ClaimedDelivery) => {
      started += 1;
      let sent = () => {};
      const slot: Promise<unknown> = new Promise<void>((resolve) => {
        sent = resolve;
      }).then(() => sending.delete(slot));
      sending.add(slot);
      const whole = attempt(delivery, sent).finally(() => {
        sent();
        attempts.delete(whole);
      });
      attempts.add(whole);
    };

    try {
      while (running && !holds.has(tenant)) {
        const now = clock().getTime();
        const freeAt = rates.nextFreeAt(tenant, now);
        if (freeAt !== undefined) {
          notBefore = freeAt;
          break;
        }
        if (now - began >= LONGEST_TURN_MS) break;
        if (now - began >= turnEnds && started >= owed) {
          if (await othersWait(tenant)) break;
          // Asked again in TURN_MS, not at each send until a step past the owed ones.
          turnEnds = now - began + TURN_MS;
        }
        while (sending.size < settings.perTenant && ready.length > 0) start(ready.shift() as ClaimedDelivery);
        if (!drained && !claiming && ready.length < settings.perTenant) claimAhead(now);
        const waits = [...sending, ...(claiming ? [claiming] : [])];
        if (waits.length === 0) break;
        await Promise.race(waits);
      }
    } finally {
      await claiming?.catch(() => undefined);
      const now = clock().getTime();
      await Promise.all([
        ...attempts,
        ...ready.splice(0).map((delivery) => giveBack(delivery, Math.max(notBefore, dueOf(delivery, now)))),
      ]);
      await store.endTurn(tenant, owner, { recent: rates.starts(tenant, clock().getTime()).map(iso) });
      rates.load(tenant, []);
      // Before asking for the next turn: a turn dropped while this one ran is then asked for below.
      serving.delete(tenant);
    }
    await askNext(tenant, notBefore);
  }

  /** Whether another tenant's turn waits; so it is taken to be when the engine cannot tell. */
  async function othersWait(tenant: string): Promise<boolean> {
    if (!engine.othersWaiting) return true;
    try {
      return await engine.othersWaiting(tenant);
    } catch {
      return true;
    }
  }

  /**
   * Sends one claimed message and records how it went, calling `sent` once the server answered; gives it
   * back untried when its tenant is held, at its rate, or without a free mailer.
   */
  async function attempt(delivery: ClaimedDelivery, sent: () => void): Promise<void> {
    const { tenant } = delivery;
    const now = clock().getTime();
    const freeAt = rates.nextFreeAt(tenant, now);
    let mailer: Mailer | undefined;
    if (!holds.has(tenant) && freeAt === undefined) {
      try {
        mailer = pool.acquire(tenant);
      } catch (error) {
        logger.error('smtp-settings: the outbox could not make a mailer for a tenant', {
          tenant,
          error: nameOf(error),
        });
      }
    }
    if (!mailer) {
      await giveBack(delivery, freeAt ?? dueOf(delivery, now));
      return;
    }
    rates.take(tenant, now);
    let report: Awaited<ReturnType<typeof runAttempt>>;
    try {
      report = await runAttempt(delivery, mailer, context);
    } finally {
      pool.release(tenant);
      sent();
    }
    await record(delivery, report);
  }

  /** Asks the engine for the tenant's next turn, when it has mail waiting and is not held. */
  async function askNext(tenant: string, notBefore: number): Promise<void> {
    if (holds.has(tenant)) return;
    const [next] = await store.waitingTenants({ tenant, limit: 1 });
    if (next) await request(tenant, Math.max(Date.parse(next.dueAt), notBefore));
  }

  /**
   * Asks for a turn at `at` of the outbox's clock, which the engine waits for in real time (a test's clock
   * may run ahead); a failure is logged, and the reconciler asks again.
   */
  async function request(tenant: string, at: number): Promise<void> {
    try {
      await engine.requestTurn(tenant, new Date(Date.now() + Math.max(0, at - clock().getTime())));
    } catch (error) {
      logger.warn('smtp-settings: the queue engine did not take a turn; the reconciler asks again', {
        engine: engine.name,
        tenant,
        error: nameOf(error),
      });
    }
  }

  /** Asks a turn for every tenant with mail waiting that is not held. */
  async function reconcile(): Promise<void> {
    for (const { tenant, dueAt } of await store.waitingTenants({ limit: RECONCILE_LIMIT })) {
      if (!holds.has(tenant)) await request(tenant, Date.parse(dueAt));
    }
  }

  /** Rereads the holds; a tenant whose hold a save ended gets a turn at once. */
  async function refreshHolds(): Promise<void> {
    try {
      for (const tenant of await holds.refresh()) await request(tenant, clock().getTime());
    } catch (error) {
      logger.error('smtp-settings: the outbox could not read its holds; it tries again shortly', {
        error: nameOf(error),
      });
    }
  }

  function scheduleHolds(): void {
    holdsTimer = setTimeout(async () => {
      await refreshHolds();
      if (running) scheduleHolds();
    }, settings.pollMs);
    holdsTimer.unref();
  }

  return {
    async start() {
      if (running) return;
      running = true;
      stopped = false;
      await refreshHolds();
      try {
        await engine.start(
          {
            serve,
            tasks: [
              {
                name: 'maintenance',
                periodMs: settings.maintenanceMs,
                run: async () => {
                  try {
                    await maintainOutbox(store, settings, logger, clock().getTime());
                    await reconcile();
                  } catch (error) {
                    logger.error('smtp-settings: the outbox maintenance failed; it runs again next period', {
                      error: nameOf(error),
                    });
                  }
                },
              },
              ...(options.tasks ?? []),
            ],
          },
          {
            concurrency: Math.max(
              1,
              Math.min(settings.mailers, Math.floor(settings.concurrency / settings.perTenant)),
            ),
          },
        );
      } catch (error) {
        running = false;
        throw error;
      }
      scheduleHolds();
      await reconcile().catch((error: unknown) =>
        logger.error('smtp-settings: the outbox could not read its queue; it tries again shortly', {
          error: nameOf(error),
        }),
      );
    },

    async stop(timeoutMs) {
      // Also when it never ran: asking for turns may have connected the engine.
      if (stopped) return;
      running = false;
      stopped = true;
      clearTimeout(holdsTimer);
      const timeout = new AbortController();
      await Promise.race([
        engine.stop(),
        sleep(timeoutMs, undefined, { ref: false, signal: timeout.signal }).catch(() => undefined),
      ]);
      timeout.abort();
    },

    wake({ holds: reread = false, tenant, at } = {}) {
      // Never started, the instance only enqueues (a web tier): its messages' turns go to the instances that serve.
      if (tenant !== undefined && !stopped) {
        void request(tenant, at?.getTime() ?? clock().getTime());
        return;
      }
      if (!running) return;
      void (reread ? refreshHolds() : Promise.resolve()).then(reconcile).catch(() => undefined);
    },
  };
}
