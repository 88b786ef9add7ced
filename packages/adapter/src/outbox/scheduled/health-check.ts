import type { SmtpConfig } from '../../config/smtp-config.js';
import { createMailer } from '../../mailer/create-mailer.js';
import { type CheckFailureContext, holdOnBrokenSettings } from './check-failure.js';

/** The name of the health check task. */
export const HEALTH_CHECK = 'health-check';

/**
 * Creates the health check of one tenant: connects and logs in with its saved settings as sending does
 * (the mailer's `verify`, within its connection and token timeouts, one attempt), sends nothing, and
 * holds the tenant when its settings are broken. A held tenant is skipped: it waits for a save, which
 * alone ends a hold, since a check cannot see past the login (a Send As refusal, a refused sender).
 *
 * @example
 * const check = createHealthCheck({ config, holds, logger });
 * await check('acme');
 */
export function createHealthCheck({
  config,
  holds,
  logger,
}: CheckFailureContext & { config: SmtpConfig }): (tenant: string) => Promise<void> {
  return async (tenant) => {
    if (holds.has(tenant)) return;
    // Read first: a save during the check moves the revision past the hold's, which then ends at once.
    const revision = await config.store.getRevision(tenant);
    if (revision === 0) return;
    const mailer = createMailer({ config, tenant, retry: { attempts: 1 }, logDeliveries: false });
    try {
      await mailer.verify();
    } catch (error) {
      await holdOnBrokenSettings({ holds, logger }, tenant, error, revision, HEALTH_CHECK);
    } finally {
      await mailer.close();
    }
  };
}
