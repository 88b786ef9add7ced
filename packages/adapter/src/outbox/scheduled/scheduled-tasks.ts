import type { AlertSender } from '../../alerts/alert-sender.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import type { SecretResealing, SettingsStore } from '../../stores/store.js';
import { nameOf } from '../attempt-recorder.js';
import type { Holds } from '../holds.js';
import type { MailerPool } from '../mailer-pool.js';
import type { OutboxSettings } from '../outbox-options.js';
import type { PeriodicTask } from '../queue-engine.js';
import { createHealthCheck, HEALTH_CHECK } from './health-check.js';
import { createKeepAlive, KEEP_ALIVE } from './keep-alive.js';
import { slottedTask } from './slotted-task.js';

/** What {@link scheduledTasks} works with. */
export interface ScheduledTasksOptions {
  /** The shared configuration: the store, keys, providers and TLS trust the checks connect with. */
  config: SmtpConfig;
  /** The outbox's options: `healthCheckMs` and `keepAliveMs`. */
  settings: Pick<OutboxSettings, 'healthCheckMs' | 'keepAliveMs'>;
  /** The tenants on hold, which a broken check adds to. */
  holds: Holds;
  /**
   * The webhook's sender, which hears of a refresh token that may lapse and of a client secret that
   * expires soon; absent without `alerts`.
   */
  alerts?: AlertSender | undefined;
  /** The outbox's mailers, whose connection cap the health checks keep to. */
  pool: MailerPool;
}

/** How often expired "Get Refresh Token" flows (a sealed refresh token among them) are deleted, in ms. */
const FLOW_PURGE_MS = 3_600_000;

/**
 * The outbox's scheduled work besides its maintenance, for the queue engine (once per period across all
 * instances) or the embedded outbox's timer: `health-check` (each tenant with saved settings, once per
 * `healthCheckMs`), `oauth-keep-alive` (each OAuth refresh token, once per `keepAliveMs`), both spread
 * over their period by tenant, and `oauth-flow-purge`, which deletes expired OAuth flows even while
 * nobody starts a new one. A store that cannot list its tenants gets the purge only, with a warning.
 *
 * @example
 * await engine.start({ serve, tasks: [maintenance, ...scheduledTasks({ config, settings, holds, pool })] }, options);
 */
export function scheduledTasks({
  config,
  settings,
  holds,
  alerts,
  pool,
}: ScheduledTasksOptions): PeriodicTask[] {
  const { store, clock, logger } = config;
  const tasks: PeriodicTask[] = [
    {
      name: 'oauth-flow-purge',
      periodMs: FLOW_PURGE_MS,
      async run() {
        try {
          await store.deleteExpiredFlows(clock().toISOString());
        } catch (error) {
          logger.error('smtp-settings: expired OAuth flows could not be deleted; it runs again next period', {
            error: nameOf(error),
          });
        }
      },
    },
  ];
  const checks = [
    { name: HEALTH_CHECK, periodMs: settings.healthCheckMs, create: createHealthCheck },
    { name: KEEP_ALIVE, periodMs: settings.keepAliveMs, create: createKeepAlive },
  ];
  if (checks.every((check) => check.periodMs === false)) return tasks;
  if (!listsTenants(store)) {
    logger.warn(
      'smtp-settings: the store cannot list its tenants, so the outbox runs no health checks or OAuth keep-alive',
    );
    return tasks;
  }
  for (const { name, periodMs, create } of checks) {
    if (periodMs === false) continue;
    const visit = create({ config, holds, logger, alerts, pool });
    tasks.push(slottedTask({ name, periodMs, store, clock, logger, visit }));
  }
  return tasks;
}

/** Whether a store lists its tenants, as the built-in ones do. */
function listsTenants(store: SettingsStore): store is SettingsStore & Pick<SecretResealing, 'listTenants'> {
  return typeof (store as Partial<SecretResealing>).listTenants === 'function';
}
