import type { Logger } from '../../logger.js';
import type { SecretResealing } from '../../stores/store.js';
import { nameOf } from '../attempt-recorder.js';
import type { PeriodicTask } from '../queue-engine.js';
import { currentSlot, SLOTS, slotOf } from './tenant-slot.js';

/** Options of {@link slottedTask}. */
export interface SlottedTaskOptions {
  /** The task's name, `[a-z-]+`. */
  name: string;
  /** How often each tenant is visited, in ms of the clock. */
  periodMs: number;
  /** Lists the tenants with saved settings. */
  store: Pick<SecretResealing, 'listTenants'>;
  /** Current time: which slot is due. */
  clock: () => Date;
  /** Where a failed run is reported, by name only. */
  logger: Logger;
  /** Visits one tenant; a visit bounds its own time (connection and token timeouts). A rejection is logged by name. */
  visit: (tenant: string) => Promise<void>;
}

/** Tenants read per page of the store's list. */
const PAGE_SIZE = 500;
/** Visits under way at once, so one run neither floods the mail servers nor runs a period long. */
const VISITS_AT_ONCE = 4;

/**
 * A periodic task that visits every tenant with saved settings once per `periodMs`, each in its own slot
 * of the period (see `slotOf`): the task runs `SLOTS` times a period and visits the tenants of the
 * current slot, `VISITS_AT_ONCE` at a time. Stateless: an engine may run it on any instance.
 *
 * @example
 * const task = slottedTask({ name: 'health-check', periodMs: 3_600_000, store, clock, logger, visit });
 */
export function slottedTask(options: SlottedTaskOptions): PeriodicTask {
  const { name, periodMs, store, clock, logger, visit } = options;

  async function run(): Promise<void> {
    const slot = currentSlot(clock().getTime(), periodMs);
    const due: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listTenants(after, PAGE_SIZE);
      due.push(...page.filter((tenant) => slotOf(tenant) === slot));
      if (page.length < PAGE_SIZE) break;
      after = page.at(-1);
    }
    const next = () => due.shift();
    await Promise.all(
      Array.from({ length: VISITS_AT_ONCE }, async () => {
        for (let tenant = next(); tenant !== undefined; tenant = next()) {
          await visit(tenant).catch((error: unknown) =>
            logger.error(
              `smtp-settings: the outbox's ${name} failed for a tenant; it runs again next period`,
              {
                tenant,
                error: nameOf(error),
              },
            ),
          );
        }
      }),
    );
  }

  return {
    name,
    // Whole milliseconds for the engines' schedulers; the slots themselves are reckoned exactly.
    periodMs: Math.max(1, Math.round(periodMs / SLOTS)),
    async run() {
      try {
        await run();
      } catch (error) {
        logger.error(`smtp-settings: the outbox's ${name} could not run; it runs again next slot`, {
          error: nameOf(error),
        });
      }
    },
  };
}
