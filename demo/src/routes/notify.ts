import type { Outbox } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import * as v from 'valibot';
import { testCaseUpdated } from './notification.js';

const NotifyBodySchema = v.object({ to: v.optional(v.pipe(v.string(), v.trim(), v.email())) });

/** Options of {@link notifyRoutes}. */
export interface NotifyRoutesOptions {
  /** The outbox a host app would use, over the same configuration as the settings routes. */
  outbox: Pick<Outbox, 'enqueue'>;
  /** Whose settings send the notification. */
  tenant: string;
  /** Where the notification goes when the request names nobody. */
  defaultTo: string;
  /** The link back to the record the notification is about. */
  recordUrl: string;
}

/**
 * "Send a notification": `POST /` hands "Test case TC-42 was updated" to the outbox exactly as a host
 * app would, and answers 202 `{ id, to }` once it is stored; its delivery shows at the adapter's
 * `GET /deliveries/:id`. A message stored while nothing is saved waits, held, for the first save.
 *
 * @example
 * app.route('/demo/notify', notifyRoutes({ outbox, tenant: 'default', defaultTo: 'admin@demo.example', recordUrl }));
 */
export function notifyRoutes({ outbox, tenant, defaultTo, recordUrl }: NotifyRoutesOptions) {
  return new Hono().post('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = v.safeParse(NotifyBodySchema, await c.req.json().catch(() => ({})));
    if (!body.success) {
      return c.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Send { "to": "<email address>" } or an empty object',
          },
        },
        400,
      );
    }
    const to = body.output.to ?? defaultTo;
    const { id } = await outbox.enqueue(testCaseUpdated(to, recordUrl), { tenant });
    return c.json({ id, to }, 202);
  });
}
