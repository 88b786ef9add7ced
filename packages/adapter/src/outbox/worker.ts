import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mailer/create-mailer.js';
import type { SettingsStore } from '../stores/store.js';
import { runAttempt } from './attempt.js';
import { createAttemptRecorder, dueOf, nameOf } from './attempt-recorder.js';
import type { ClaimedDelivery, ClaimRequest, DeliveryStore } from './delivery-store.js';
import type { Holds } from './holds.js';
import type { MailerPool } from './mailer-pool.js';
import { maintainOutbox } from './maintenance.js';
import type { OutboxSettings } from './outbox-options.js';
import type { TenantRates } from './tenant-rate.js';

/** What the worker works with. */
export interface WorkerOptions {
  /** The queue, and the settings revisions. */
  store: DeliveryStore & SettingsStore;
  /** Opens the sealed content. */
  secrets: SecretBox;
  /** Where operational errors go: codes and names, never content. */
  logger: Logger;
  /** Current time: every due time, lease and horizon is read from it. */
  clock: () => Date;
  /** The outbox's options. */
  settings: OutboxSettings;
  /** The tenants' mailers. */
  pool: MailerPool;
  /** The tenants on hold. */
  holds: Holds;
  /** The tenants' rates. */
  rates: TenantRates;
}

/** What sends an outbox's mail in this process: the embedded claim loop, or the turns of a queue engine. */
export interface OutboxWorker {
  /** Starts; does nothing while it runs. Rejects when a queue engine cannot be reached. */
  start(): Promise<void>;
  /** Stops taking mail, gives back what waits for a mailer, and resolves once the sends in flight finished or `timeoutMs` passed. */
  stop(timeoutMs: number): Promise<void>;
  /**
   * Looks at the queue now instead of at the next due time; `holds` also rereads the holds first. With
   * `tenant`, only that tenant has new mail, due at `at` (now when omitted).
   */
  wake(options?: { holds?: boolean; tenant?: string; at?: Date }): void;
}

/** A claimed message that waits for a free slot on its tenant's mailer. */
interface Waiting {
  delivery: ClaimedDelivery;
  /** The latest it may start, in epoch ms: half its lease, so the send has the other half. */
  startBy: number;
}

/** The shortest sleep when something is due that the last claim did not take: never a busy loop. */
const MIN_SLEEP_MS = 25;

/**
 * Creates the worker that claims due messages with a lease and sends them, `concurrency` at a time and at
 * most `perTenant` of one tenant, each through the tenant's mailer in the pool. It sleeps until the next
 * due time (at most `pollMs`), and wakes at once when a send ends or a message is enqueued here. A
 * message waits in this process only for a mailer slot, and never past half its lease. Tenants whose
 * mailers have connections open are claimed from first; when the pool is full and another tenant waits
 * for a mailer, those that had their turn (see `MailerPool.hadTurn`) take no more, drain, and make room.
 * Every time decision reads `clock`; every timer is unref'd.
 *
 * @example
 * const worker = createWorker({ store, secrets, logger, clock, settings, pool, holds, rates });
 * worker.start();
 */
export function createWorker(options: WorkerOptions): OutboxWorker {
  const { store, secrets, logger, clock, settings, pool, holds, rates } = options;
  const owner = randomUUID();
  const context = { store, secrets, clock, backoff: settings.backoff, horizonMs: settings.horizonMs };
  const { record, giveBack: giveBackNow } = createAttemptRecorder({
    store,
    holds,
    logger,
    clock,
    owner,
    leaseMs: settings.leaseMs,
  });
  /** Attempts under way at a mail server: what `concurrency` counts. */
  const sends = new Set<Promise<void>>();
  /** Attempts being recorded once their mailer's slot is free again, which `stop` waits for. */
  const recording = new Set<Promise<void>>();
  /** Messages being given back to the queue, which `stop` waits for. */
  const givingBack = new Set<Promise<void>>();
  const waiting: Waiting[] = [];
  /** Claimed messages per tenant, sending or waiting. */
  const claimed = new Map<string, number>();

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let again = false;
  let rereadHolds = true;
  let holdsReadAt = Number.NEGATIVE_INFINITY;
  let maintainedAt = Number.NEGATIVE_INFINITY;

  const batchSize = Math.ceil(settings.concurrency / 2);
  const iso = (ms: number) => new Date(ms).toISOString();
  const count = (tenant: string, by: number) => {
    const next = (claimed.get(tenant) ?? 0) + by;
    if (next > 0) claimed.set(tenant, next);
    else claimed.delete(tenant);
  };

  function schedule(delay: number): void {
    clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref();
  }

  function wake({ holds: reread = false } = {}): void {
    if (!running) return;
    if (reread) rereadHolds = true;
    if (ticking) again = true;
    else schedule(0);
  }

  async function run(): Promise<void> {
    timer = undefined;
    if (!running || ticking) return;
    again = false;
    let delay = settings.pollMs;
    ticking = tick()
      .then((next) => {
        delay = next;
      })
      .catch((error: unknown) => {
        logger.error('smtp-settings: the outbox could not read or update its queue; it tries again shortly', {
          error: nameOf(error),
        });
      });
    await ticking;
    ticking = undefined;
    if (running) schedule(again ? 0 : delay);
  }

  /** One look at the queue: maintenance when due, holds, a claim; answers how long to sleep. */
  async function tick(): Promise<number> {
    const now = clock().getTime();
    if (now - maintainedAt >= settings.maintenanceMs) {
      maintainedAt = now;
      await maintainOutbox(store, settings, logger, now);
    }
    pool.closeIdle();
    if (rereadHolds || performance.now() - holdsReadAt >= settings.pollMs) {
      rereadHolds = false;
      holdsReadAt = performance.now();
      await holds.refresh();
    }
    giveBackOverdue(now);

    let free = settings.concurrency - sends.size - waiting.length;
    // At capacity, claims wait for half the slots: one claim per several sends, while the rest keep the connections busy.
    if (free <= 0 || (free < batchSize && sends.size + waiting.length >= batchSize)) return settings.pollMs;
    const skipTenants = skipped(now);
    const claim = async (limit: number, only: Partial<ClaimRequest>) => {
      const batch = await store.claimDeliveries({
        now: iso(now),
        limit,
        perTenant: settings.perTenant,
        owner,
        leaseUntil: iso(now + settings.leaseMs),
        skipTenants,
        ...only,
      });
      for (const delivery of batch) dispatch(delivery, now);
      free -= batch.length;
      return batch.length === limit;
    };
    let more = false;
    // First the tenants whose mailers have connections open: a new connection costs a greeting and a login.
    // While another tenant waits for a mailer, those that had their turn take no more, so theirs drain.
    const queueing = waitsForMailer();
    const warm = pool
      .tenants()
      .filter((tenant) => !skipTenants.includes(tenant) && !(queueing && pool.hadTurn(tenant)));
    if (warm.length > 0) more = await claim(free, { tenants: warm });
    // Then the others, one message each (a claim takes tenants in turn) for as many as can get a mailer,
    // whose next ones come with the warm; while none can, one, which makes the busy ones yield.
    if (free > 0 && !queueing) {
      const limit = Math.min(free, Math.max(pool.admissible(), 1));
      more = (await claim(limit, { skipTenants: [...skipTenants, ...pool.tenants()] })) || more;
    }
    serve();
    if (!running || free <= 0 || waitsForMailer()) return settings.pollMs;
    if (more) return 0;
    return sleepUntil(await store.nextDueAt(skipped(now)), now);
  }

  /** Whether a claimed message waits for a tenant's mailer that the pool has not made yet. */
  function waitsForMailer(): boolean {
    return waiting.some(({ delivery }) => !pool.has(delivery.tenant));
  }

  /** Tenants not to claim from: held, at their rate, or with `perTenant` messages claimed already. */
  function skipped(now: number): string[] {
    const full = [...claimed].filter(([, n]) => n >= settings.perTenant).map(([tenant]) => tenant);
    return [...new Set([...holds.tenants(), ...rates.limited(now), ...full])];
  }

  /** How long to sleep until `dueAt` or the next free rate slot, within `pollMs`. */
  function sleepUntil(dueAt: string | undefined, now: number): number {
    const times = [dueAt === undefined ? undefined : Date.parse(dueAt), rates.nextRelease(now)];
    const soonest = Math.min(...times.filter((time) => time !== undefined));
    if (!Number.isFinite(soonest)) return settings.pollMs;
    return Math.min(Math.max(soonest - now, MIN_SLEEP_MS), settings.pollMs);
  }

  /** Takes a claimed message on: back to the queue if its tenant is held or at its rate, else in line for a mailer. */
  function dispatch(delivery: ClaimedDelivery, now: number): void {
    count(delivery.tenant, 1);
    if (holds.has(delivery.tenant)) {
      giveBack(delivery, now);
      return;
    }
    // An attempt counts for the rate when it starts: those waiting for a mailer will start before this one.
    const pending = waiting.filter((each) => each.delivery.tenant === delivery.tenant).length;
    const freeAt = rates.nextFreeAt(delivery.tenant, now, pending);
    if (freeAt !== undefined) {
      giveBack(delivery, freeAt);
      return;
    }
    waiting.push({ delivery, startBy: now + settings.leaseMs / 2 });
  }

  /** Starts every waiting message whose tenant's mailer has a free slot (or can get a mailer), oldest first. */
  function serve(): void {
    if (!running) return;
    for (let index = 0; index < waiting.length; ) {
      const { delivery } = waiting[index] as Waiting;
      let mailer: Mailer | undefined;
      try {
        mailer = pool.acquire(delivery.tenant);
      } catch (error) {
        logger.error('smtp-settings: the outbox could not make a mailer for a tenant', {
          tenant: delivery.tenant,
          error: nameOf(error),
        });
      }
      if (!mailer) {
        index += 1;
        continue;
      }
      waiting.splice(index, 1);
      rates.take(delivery.tenant, clock().getTime());
      // The slot is free once the server answered: the next message need not wait for this one's record.
      const send: Promise<void> = runAttempt(delivery, mailer, context).then((report) => {
        sends.delete(send);
        pool.release(delivery.tenant);
        count(delivery.tenant, -1);
        const recorded: Promise<void> = record(delivery, report).finally(() => recording.delete(recorded));
        recording.add(recorded);
        serve();
        wake();
      });
      sends.add(send);
    }
  }

  /** Puts a claimed message back untried, due at `dueAt` (epoch ms). */
  function giveBack(delivery: ClaimedDelivery, dueAt: number): void {
    count(delivery.tenant, -1);
    const write: Promise<void> = giveBackNow(delivery, dueAt).finally(() => givingBack.delete(write));
    givingBack.add(write);
  }

  /** Gives back the messages that waited for a mailer past half their lease, keeping their place (their due time). */
  function giveBackOverdue(now: number): void {
    for (let index = waiting.length - 1; index >= 0; index -= 1) {
      const { delivery, startBy } = waiting[index] as Waiting;
      if (!running || startBy <= now) {
        waiting.splice(index, 1);
        giveBack(delivery, dueOf(delivery, now));
      }
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      rereadHolds = true;
      schedule(0);
    },

    async stop(timeoutMs) {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      await ticking;
      giveBackOverdue(clock().getTime());
      await Promise.all([...givingBack]);
      if (sends.size > 0) {
        const timeout = new AbortController();
        await Promise.race([
          Promise.allSettled([...sends]),
          sleep(timeoutMs, undefined, { ref: false, signal: timeout.signal }).catch(() => undefined),
        ]);
        timeout.abort();
      }
      // Never rejects (`record` logs what it could not write); the sends that ended have just added theirs.
      await Promise.all([...recording]);
    },

    wake,
  };
}
