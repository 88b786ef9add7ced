import type { Logger } from '../logger.js';

/** What the routes need of an outbox: a nudge, so mail an admin's action made due goes out at once rather than at the next poll. */
export interface OutboxWaker {
  /** Looks for due messages (and ended holds) now. */
  wake(): void;
}

/**
 * Wakes the outbox running in this process, if any, after `what` (a resend, a save); a throwing one is
 * logged, not passed on: the change is stored either way, and the outbox's next poll finds it.
 */
export function wakeOutbox(
  outbox: OutboxWaker | undefined,
  { logger, tenant, what }: { logger: Logger; tenant: string; what: string },
): void {
  try {
    outbox?.wake();
  } catch (error) {
    logger.error(`smtp-settings: could not wake the outbox after ${what}`, {
      tenant,
      error: (error as Error)?.name,
    });
  }
}
