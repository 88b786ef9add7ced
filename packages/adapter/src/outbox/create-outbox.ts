import { healthAlert } from '../alerts/alert-event.js';
import { createAlertSender } from '../alerts/alert-sender.js';
import { configOf, type WithSmtpConfig } from '../config/smtp-config.js';
import { checkDeliveryStore } from './check-delivery-store.js';
import { newDeliveryId } from './delivery-id.js';
import { createHolds } from './holds.js';
import { createLocalScheduler } from './local-scheduler.js';
import { createMessageIds } from './message-ids.js';
import { outboxMailerPool } from './outbox-mailer-pool.js';
import { type OutboxMessage, parseOutboxMessage } from './outbox-message.js';
import { type OutboxOwnOptions, resolveOutboxOptions } from './outbox-options.js';
import { scheduledTasks } from './scheduled/scheduled-tasks.js';
import { sealMessage } from './stored-message.js';
import { createTenantRates } from './tenant-rate.js';
import { hasTenantTurns, type TenantTurns } from './tenant-turns.js';
import { createTurnWorker } from './turn-worker.js';
import { createWorker } from './worker.js';

/**
 * Options of {@link createOutbox}: the shared configuration (`config` from `createSmtpConfig`, or its
 * options inline) and the outbox's own.
 */
export type OutboxOptions = WithSmtpConfig<OutboxOwnOptions>;

/** Where and how a message is queued. */
export interface EnqueueOptions {
  /** Whose settings send it, as the routes' `tenant` hook names the organization. */
  tenant: string;
  /** A key of the host's (e.g. `invite:42`): enqueueing again with a key the tenant used stores nothing and answers the first message's id. */
  idempotencyKey?: string;
  /** Not to be sent before this time. */
  notBefore?: Date | string;
}

/** What `enqueue` answers once the message is stored. */
export interface Enqueued {
  /** The message's id in the delivery log. */
  id: string;
  /** `true` when the idempotency key was used before: nothing new was stored, and `id` is the first message's. */
  duplicate: boolean;
  /** The Message-ID every attempt sends (e.g. for a later reply's `inReplyTo`). */
  messageId: string;
}

/** A durable outbox: messages are stored first, then sent by workers with retries, holds and limits. */
export interface Outbox {
  /**
   * Checks `message`, seals its content, makes its Message-ID and stores it, resolving once it is stored;
   * the worker of this process, if started, looks at it at once. With a queue engine, the tenant's turn is
   * asked for even when this process's worker is not started (an instance that only enqueues): `stop()`
   * then closes the engine's connection.
   *
   * @throws TypeError for a message the outbox would not send (no recipient, a sender of its own, a header
   * with a line break, a file, URL or stream instead of content, too large) or bad options, naming the field,
   * never its value; nothing is stored. Rejects with the store's error when it cannot store (nothing half-written; after a failed sync to disk, `StoreWriteError` `sync`, it may be kept: enqueue again with the same key).
   */
  enqueue(message: OutboxMessage, options: EnqueueOptions): Promise<Enqueued>;
  /** Starts the worker in this process; does nothing if it runs. Rejects when the queue engine cannot be reached. */
  start(): Promise<void>;
  /**
   * Stops claiming, gives back messages waiting for a mailer, and resolves once the sends in flight finished
   * (or after `timeoutMs`, default the `stopTimeoutMs` option, their leases then running out), with the
   * mailers closed. Does nothing if stopped.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Looks at the queue and the holds now instead of at the next poll: call it after changing the queue
   * other than through `enqueue`, e.g. a resend or a released hold.
   */
  wake(): void;
}

/**
 * Creates a durable outbox on the configured store, which must keep deliveries (`memoryStore()`,
 * `sqliteStore()`, `postgresStore()`): `enqueue` stores a message sealed with the secret key; `start()`
 * runs a worker that sends it through the tenant's mailer, retries what may pass (backoff from 30 s to 1 h, for up to 48 h),
 * fails what the server refused, and holds a tenant whose settings fail until an admin saves new ones.
 * Throws a TypeError at once when the store keeps no deliveries or an option is wrong.
 *
 * @example
 * ```ts
 * const config = createSmtpConfig({ store: sqliteStore({ filename }), secretKey });
 * const outbox = createOutbox({ config, onHealthChange: (health) => alert(health) });
 * await outbox.start();
 * const { id } = await outbox.enqueue(
 *   { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: 'Dana changed step 3.' },
 *   { tenant: 'acme', idempotencyKey: 'tc-42-update-7' },
 * );
 * process.on('SIGTERM', () => outbox.stop());
 * ```
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const config = configOf(options);
  const { store, secrets, logger, clock } = config;
  checkDeliveryStore(store);
  const settings = resolveOutboxOptions(options);
  const alerts = config.alerts && createAlertSender({ settings: config.alerts, logger, clock });
  const holds = createHolds({
    store,
    clock,
    // The one place a health change leaves the outbox: the webhook hears it first, as the host's callback may throw.
    onHealthChange: (health) => {
      alerts?.send(healthAlert(health));
      settings.onHealthChange?.(health);
    },
    onCallbackError: (error) =>
      logger.error('smtp-settings: the outbox onHealthChange callback threw', {
        error: (error as Error)?.name,
      }),
  });
  const pool = outboxMailerPool(config, settings);
  const rates = createTenantRates(settings.rate, (message) => logger.warn(message));
  const { engine } = options;
  // Health checks, keep-alive, flow purge: on the engine's scheduler, or this process's timer when embedded.
  const tasks = scheduledTasks({ config, settings, holds, alerts, pool });
  const scheduler = engine ? undefined : createLocalScheduler(tasks);
  const worker = engine
    ? createTurnWorker({
        store: withTenantTurns(store),
        engine,
        secrets,
        logger,
        clock,
        settings,
        pool,
        holds,
        rates,
        tasks,
      })
    : createWorker({ store, secrets, logger, clock, settings, pool, holds, rates });
  const messageIds = createMessageIds(store, settings.messageIdDomain);

  return {
    async enqueue(message, enqueueOptions) {
      const { tenant, idempotencyKey, notBefore } = checkEnqueueOptions(enqueueOptions);
      const parsed = parseOutboxMessage(message, settings.maxMessageBytes);
      const now = clock();
      const id = newDeliveryId();
      // Sealed at once: after the read below it could land in the turn whose end commits, and hold that commit up.
      const content = sealMessage(secrets, tenant, id, parsed.json);
      // Made once, with the saved From Email's domain: every attempt sends it.
      const messageId = await messageIds.next(tenant);
      const dueAt = notBefore && notBefore > now ? notBefore : now;
      const added = await store.addDelivery({
        id,
        tenant,
        source: 'outbox',
        status: 'queued',
        ...(idempotencyKey !== undefined && { idempotencyKey }),
        createdAt: now.toISOString(),
        dueAt: dueAt.toISOString(),
        messageId,
        to: parsed.to,
        cc: parsed.cc,
        bcc: parsed.bcc,
        subject: parsed.subject,
        content,
      });
      if (added.created) {
        worker.wake({ tenant, at: dueAt });
        return { id, duplicate: false, messageId };
      }
      const first = await store.getDelivery(tenant, added.id);
      return { id: added.id, duplicate: true, messageId: first?.delivery.messageId ?? messageId };
    },

    async start() {
      await worker.start();
      scheduler?.start();
    },

    async stop({ timeoutMs = settings.stopTimeoutMs } = {}) {
      const started = Date.now();
      await Promise.all([worker.stop(timeoutMs), scheduler?.stop(timeoutMs)]);
      await pool.close();
      // Alerts of the last sends get what is left of the wait.
      await alerts?.close(Math.max(timeoutMs - (Date.now() - started), 0));
    },

    wake() {
      worker.wake({ holds: true });
    },
  };
}

/** Checks `enqueue`'s options, naming the one at fault. */
function checkEnqueueOptions(options: EnqueueOptions): {
  tenant: string;
  idempotencyKey?: string;
  notBefore?: Date;
} {
  const { tenant, idempotencyKey, notBefore } = options ?? ({} as EnqueueOptions);
  if (typeof tenant !== 'string' || tenant === '') {
    throw new TypeError('smtp-settings: enqueue needs `tenant`, whose settings send the message');
  }
  if (
    idempotencyKey !== undefined &&
    (typeof idempotencyKey !== 'string' || !/^.{1,255}$/su.test(idempotencyKey))
  ) {
    throw new TypeError('smtp-settings: `idempotencyKey` must be a string of 1 to 255 characters');
  }
  const due = notBefore === undefined ? undefined : new Date(notBefore);
  if (
    due !== undefined &&
    (!(notBefore instanceof Date || typeof notBefore === 'string') || Number.isNaN(due.getTime()))
  ) {
    throw new TypeError('smtp-settings: `notBefore` must be a Date or an ISO 8601 time');
  }
  return {
    tenant,
    ...(idempotencyKey !== undefined && { idempotencyKey }),
    ...(due !== undefined && { notBefore: due }),
  };
}

/** The store as an engine's turns need it, or a TypeError saying it cannot serve them. */
function withTenantTurns<T extends object>(store: T): T & TenantTurns {
  if (!hasTenantTurns(store)) {
    throw new TypeError(
      'smtp-settings: an outbox on a queue engine needs a store that keeps tenant turns, such as postgresStore()',
    );
  }
  return store;
}
