/**
 * A real outbox beside the adapter of `test/adapter-server.mjs`, over the same configuration (store,
 * key, providers), so browser tests see mail queued, held and sent as the admin would.
 *
 * @example
 * ```js
 * const outbox = outboxHarness();
 * const waker = await outbox.restart(config); // with each new app; pass it as createSmtpSettings's `outbox`
 * const { ids } = await outbox.enqueue(3);
 * await outbox.stop(); // with the dev server
 * ```
 */
import { createOutbox } from '@smtp-settings/adapter';

/** The tenant the adapter serves without a `tenant` hook. */
const TENANT = 'default';
// A save that ends a hold is seen at the next poll: short, so a test waits for delivery, not for the worker.
const POLL_MS = 200;
const STOP_TIMEOUT_MS = 2_000;

/** Creates the outbox harness; {@link restart} gives it the configuration of each new app. */
export function outboxHarness() {
  /** @type {import('@smtp-settings/adapter').Outbox | undefined} */
  let outbox;

  return {
    /**
     * Queues `count` messages for the adapter's tenant; the worker tries them at once.
     *
     * @param {number} count
     */
    async enqueue(count) {
      if (!outbox) throw new Error('The outbox harness is not started');
      const ids = [];
      for (let n = 1; n <= count; n += 1) {
        const message = {
          to: 'qa-lead@example.com',
          subject: `Test case TC-${n} was updated`,
          text: 'Step 3 changed.',
        };
        ids.push((await outbox.enqueue(message, { tenant: TENANT })).id);
      }
      return { ids };
    },
    /**
     * Stops the previous app's outbox and starts one over `config`.
     *
     * @param {import('@smtp-settings/adapter').SmtpConfig} config
     */
    async restart(config) {
      await outbox?.stop({ timeoutMs: STOP_TIMEOUT_MS });
      outbox = createOutbox({ config, pollMs: POLL_MS });
      await outbox.start();
      return outbox;
    },
    /** Stops the outbox; sends in flight get {@link STOP_TIMEOUT_MS}. */
    stop: () => outbox?.stop({ timeoutMs: STOP_TIMEOUT_MS }),
  };
}
