import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import type { AlertEvent } from './alert-event.js';
import type { AlertsSettings } from './alerts-options.js';
import { postAlert } from './post-alert.js';

/** Options of {@link createAlertSender}. */
export interface AlertSenderOptions {
  /** The checked `alerts` option. */
  settings: AlertsSettings;
  /** Where an alert that could not be delivered is reported, by code and status only. */
  logger: Logger;
  /** Current time, for the signatures. */
  clock: () => Date;
}

/** Sends alerts to the webhook in the background, one at a time and in order. */
export interface AlertSender {
  /** Queues `event` and returns at once; never throws, whatever becomes of the request. */
  send(event: AlertEvent): void;
  /**
   * Waits up to `timeoutMs` (default 10 s) for the queued alerts, then aborts the one in flight and drops
   * the rest, logging how many. Alerts sent afterwards go out as before (an outbox may start again).
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Alerts waiting at most: a receiver that is down for long must not make the queue grow without end. */
const MAX_QUEUED = 100;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Creates the sender the outbox hands its health changes to: a bounded in-process queue in front of
 * {@link postAlert}, so a slow or failing receiver never holds up nor fails the mail it reports on.
 *
 * @example
 * ```ts
 * const alerts = createAlertSender({ settings: config.alerts, logger, clock });
 * alerts.send(healthAlert(health));
 * await alerts.close();
 * ```
 */
export function createAlertSender({ settings, logger, clock }: AlertSenderOptions): AlertSender {
  const queue: AlertEvent[] = [];
  let closing = new AbortController();
  let running: Promise<void> | undefined;

  function pump(): void {
    const event = running ? undefined : queue.shift();
    if (!event) return;
    running = deliver(event)
      // postAlert never rejects; a logger that throws must not become an unhandled rejection either.
      .catch(() => {})
      .finally(() => {
        running = undefined;
        pump();
      });
  }

  async function deliver(event: AlertEvent): Promise<void> {
    const outcome = await postAlert(settings, event, clock, closing.signal);
    if (outcome.delivered) return;
    logger.error('smtp-settings: an alert did not reach the webhook', {
      type: event.type,
      tenant: event.tenant,
      code: outcome.code,
      ...(outcome.status && { status: outcome.status }),
      attempts: outcome.attempts,
    });
  }

  /** Resolves once the queue is empty and nothing is in flight. */
  async function drained(): Promise<void> {
    while (running) await running;
  }

  return {
    send(event) {
      if (queue.length >= MAX_QUEUED) {
        logger.error('smtp-settings: the alert queue is full; an alert was dropped', {
          type: event.type,
          tenant: event.tenant,
        });
        return;
      }
      queue.push(event);
      pump();
    },

    async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS) {
      const timer = new AbortController();
      await Promise.race([
        drained(),
        sleep(timeoutMs, undefined, { ref: false, signal: timer.signal }).catch(() => {}),
      ]);
      timer.abort();
      const dropped = queue.splice(0).length;
      closing.abort();
      await drained();
      closing = new AbortController();
      if (dropped > 0) {
        logger.error('smtp-settings: alerts still queued at close were dropped', { dropped });
      }
    },
  };
}
