import type { AlertSender } from '../../alerts/alert-sender.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { loadSealedRecord } from '../../settings/sealed-record.js';
import type { MailerPool } from '../mailer-pool.js';
import { type CheckFailureContext, holdOnBrokenSettings } from './check-failure.js';
import { createSecretExpiryCheck } from './secret-expiry-check.js';

/** The name of the health check task. */
export const HEALTH_CHECK = 'health-check';

/** What {@link createHealthCheck} works with. */
export interface HealthCheckOptions extends CheckFailureContext {
  /** The shared configuration: the store the revision is read from. */
  config: SmtpConfig;
  /** The outbox's mailers: a check takes a slot like a send, so checks and sends share `maxConnections`. */
  pool: MailerPool;
  /** The webhook's sender, which hears of a client secret that expires soon; absent without `alerts`. */
  alerts?: AlertSender | undefined;
}

/**
 * Creates the health check of one tenant: connects and logs in with its saved settings as sending does
 * (the mailer's `verify`, within its connection and token timeouts, one attempt), sends nothing, and
 * holds the tenant when its settings are broken. A held tenant is skipped: it waits for a save, which
 * alone ends a hold, since a check cannot see past the login (a Send As refusal, a refused sender).
 * The check's connection counts against the outbox's cap: it takes a slot in the mailer pool, and skips
 * the tenant this period when there is none, or when the tenant has a mailer already (its sends check it).
 * Unless the tenant is held, it then looks at the client secret (see `createSecretExpiryCheck`): its end
 * date read from the app registration is kept, and one that nears is alerted once.
 *
 * @example
 * const check = createHealthCheck({ config, holds, logger, pool });
 * await check('acme');
 */
export function createHealthCheck({
  config,
  holds,
  logger,
  pool,
  alerts,
}: HealthCheckOptions): (tenant: string) => Promise<void> {
  const checkSecret = createSecretExpiryCheck({ config, logger, alerts });

  async function verify(tenant: string): Promise<void> {
    // A mailer in the pool sent within `idleMs`, and its sends report the tenant's health; a verify beside
    // its open connections would also take one more than its share.
    if (holds.has(tenant) || pool.has(tenant)) return;
    // Read first: a save during the check moves the revision past the hold's, which then ends at once.
    const revision = await config.store.getRevision(tenant);
    if (revision === 0) return;
    const mailer = pool.acquire(tenant);
    // Skipped, not waited for: a check must never hold a slot that mail is waiting for, nor keep the task's
    // few visitors queued behind busy sends; the next period checks again, as a monitor skips a busy target.
    if (!mailer) {
      logger.info?.('smtp-settings: no free connection for a health check; it runs again next period', {
        tenant,
      });
      return;
    }
    try {
      await mailer.verify();
    } catch (error) {
      await holdOnBrokenSettings({ holds, logger }, tenant, error, revision, HEALTH_CHECK);
    } finally {
      // Made for the check alone: closed at once, so it holds no slot the sends could use.
      pool.release(tenant, { close: true });
    }
  }

  return async (tenant) => {
    await verify(tenant);
    // A held tenant's settings are broken: its admin hears of that, and must save anyway.
    if (holds.has(tenant)) return;
    const record = await loadSealedRecord(config.store, tenant);
    if (record) await checkSecret(tenant, record);
  };
}
