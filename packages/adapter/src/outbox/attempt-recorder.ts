import type { Logger } from '../logger.js';
import type { AttemptReport } from './attempt.js';
import type { AttemptResult, ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import type { Holds } from './holds.js';

/** Options of {@link createAttemptRecorder}. */
export interface AttemptRecorderOptions {
  /** Where attempts are recorded. */
  store: DeliveryStore;
  /** The tenants on hold. */
  holds: Holds;
  /** Where operational errors go: codes and names, never content. */
  logger: Logger;
  /** Current time. */
  clock: () => Date;
  /** Who claimed the messages: only it may finish their attempts. */
  owner: string;
  /** How long a claim holds, in ms, for the log line of an attempt that outlasted it. */
  leaseMs: number;
}

/**
 * The attempt of a message from which a retried failure reports its tenant's mail as failing: a refused
 * connection once is a server restarting; three in a row, minutes apart with the default backoff, is an
 * outage the host should hear of.
 */
const FAILING_AFTER = 3;

/** Records how attempts ended, for the embedded worker and the engine's turns alike. */
export interface AttemptRecorder {
  /** Records an attempt, holding the tenant first when its settings failed; never rejects (it logs what it could not write). */
  record(delivery: ClaimedDelivery, report: AttemptReport): Promise<void>;
  /** Records an attempt's end or a message given back; says so in the log when the lease had passed to another owner. */
  finish(delivery: ClaimedDelivery, result: AttemptResult): Promise<void>;
  /** Gives a claimed message back untried, due at `dueAt` (epoch ms); never rejects (it logs what it could not write). */
  giveBack(delivery: ClaimedDelivery, dueAt: number): Promise<void>;
}

/** When a claimed message was due before it was claimed (epoch ms), or `now` when it has no due time. */
export function dueOf(delivery: ClaimedDelivery, now: number): number {
  return delivery.dueAt === undefined ? now : Date.parse(delivery.dueAt);
}

/**
 * Creates the recorder of one worker's attempts. A hold is stored before the message goes back, so no
 * process claims it meanwhile.
 *
 * @example
 * const recorder = createAttemptRecorder({ store, holds, logger, clock, owner, leaseMs });
 * await recorder.record(delivery, await runAttempt(delivery, mailer, context));
 */
export function createAttemptRecorder(options: AttemptRecorderOptions): AttemptRecorder {
  const { store, holds, logger, clock, owner, leaseMs } = options;

  async function finish(delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
    const done = await store.finishAttempt(delivery.id, owner, result, clock().toISOString());
    if (!done) {
      logger.warn(
        'smtp-settings: an outbox attempt outlasted its lease; the message was claimed again meanwhile',
        { tenant: delivery.tenant, id: delivery.id, leaseMs },
      );
    }
  }

  return {
    finish,

    async giveBack(delivery, dueAt) {
      await finish(delivery, { status: 'queued', dueAt: new Date(dueAt).toISOString() }).catch(
        (error: unknown) =>
          logger.error(
            'smtp-settings: the outbox could not give a message back to the queue; it is claimed again after its lease',
            { tenant: delivery.tenant, id: delivery.id, error: nameOf(error) },
          ),
      );
    },

    async record(delivery, report) {
      const { result, action, unexpected } = report;
      const { tenant, id } = delivery;
      if (unexpected !== undefined) {
        logger.error('smtp-settings: an outbox attempt failed in this process, not at the mail server', {
          tenant,
          id,
          error: nameOf(unexpected),
        });
      }
      try {
        if (action === 'hold' && result.attempt?.failure) {
          if (!holds.has(tenant)) {
            logger.warn(
              'smtp-settings: holding the outbox mail of a tenant whose settings fail, until they are saved',
              { tenant, code: result.attempt.failure.code },
            );
          }
          await holds.hold(tenant, result.attempt.failure, report.revision);
        }
        await finish(delivery, result);
        if (result.status === 'sent') holds.delivered(tenant);
        if (
          result.status === 'retrying' &&
          result.attempt.number >= FAILING_AFTER &&
          result.attempt.failure
        ) {
          holds.failing(tenant, result.attempt.failure);
        }
        if (result.status === 'failed') {
          logger.warn(
            'smtp-settings: an outbox message failed for good; an admin can resend it from the log',
            { tenant, id, code: result.attempt.failure?.code },
          );
        }
      } catch (error) {
        logger.error(
          'smtp-settings: the outbox could not record an attempt; the message is tried again after its lease',
          { tenant, id, error: nameOf(error) },
        );
      }
    },
  };
}

/** An error's name for the log, never its message. */
export function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
