import type { Logger } from '../../logger.js';
import { type AttemptFailure, attemptOutcome } from '../attempt-outcome.js';
import type { Holds } from '../holds.js';

/** What {@link holdOnBrokenSettings} works with. */
export interface CheckFailureContext {
  /** The tenants on hold. */
  holds: Holds;
  /** Where failures go: codes and names, never secrets. */
  logger: Logger;
}

/**
 * Handles a scheduled check that failed, as a send that failed so would be: settings that are broken (a
 * refused login, a revoked token; `attemptOutcome` says `hold`) hold the tenant's mail, which tells the
 * host through `onHealthChange` and the alerts webhook before any mail fails; anything that may pass (a
 * refused connection, a timeout) is only logged, and the next period checks again. Answers the outcome.
 *
 * @example
 * await holdOnBrokenSettings({ holds, logger }, 'acme', error, revision, 'health-check');
 */
export async function holdOnBrokenSettings(
  { holds, logger }: CheckFailureContext,
  tenant: string,
  error: unknown,
  revision: number,
  check: string,
): Promise<AttemptFailure> {
  const outcome = attemptOutcome(error);
  const { action, failure, operational } = outcome;
  if (action !== 'hold') {
    (operational ? logger.error : logger.warn)(
      'smtp-settings: a scheduled check of a tenant failed for a reason that may pass; it runs again next period',
      { tenant, check, code: failure.code },
    );
    return outcome;
  }
  if (!holds.has(tenant)) {
    logger.warn(
      'smtp-settings: holding the outbox mail of a tenant whose settings failed a scheduled check, until they are saved',
      { tenant, check, code: failure.code },
    );
  }
  await holds.hold(tenant, failure, revision);
  return outcome;
}
