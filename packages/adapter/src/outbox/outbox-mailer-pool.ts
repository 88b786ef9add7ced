import type { SmtpConfig } from '../config/smtp-config.js';
import { createMailer } from '../mailer/create-mailer.js';
import { createMailerPool, type MailerPool } from './mailer-pool.js';
import type { OutboxSettings } from './outbox-options.js';

/**
 * The outbox's pool of tenant mailers, which its sends and its health checks share, so together they stay
 * within `maxConnections`: each mailer makes one attempt per call (the outbox owns retries, with its own
 * backoff and horizon) and records nothing (the outbox records each attempt itself).
 *
 * @example
 * const pool = outboxMailerPool(config, resolveOutboxOptions({ maxConnections: 20 }));
 */
export function outboxMailerPool(
  config: SmtpConfig,
  settings: Pick<OutboxSettings, 'mailers' | 'perTenant' | 'idleMs'>,
): MailerPool {
  const { logger, clock } = config;
  return createMailerPool({
    create: (tenant) => createMailer({ config, tenant, retry: { attempts: 1 }, logDeliveries: false }),
    capacity: settings.mailers,
    perMailer: settings.perTenant,
    idleMs: settings.idleMs,
    clock,
    onCloseError: (tenant, error) =>
      logger.warn('smtp-settings: closing a tenant mailer failed', { tenant, error: (error as Error)?.name }),
  });
}
