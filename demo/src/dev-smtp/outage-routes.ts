import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import * as v from 'valibot';
import { type DevSmtpServer, OUTAGE_MODES } from './dev-smtp-server.js';

const OutageRequestSchema = v.variant('down', [
  v.object({ down: v.literal(false) }),
  v.object({ down: v.literal(true), mode: v.optional(v.picklist(OUTAGE_MODES)) }),
]);

// Our own words per field: the input is never echoed back.
const FIELD_MESSAGES: Record<string, string> = {
  down: 'Must be true or false.',
  mode: 'Must be "refused", "unavailable" or "rejecting".',
};

/**
 * The outage switch of the dev mail server: `GET /` answers its state (`{ down: false }`, or
 * `{ down: true, mode, since }`); `POST /` with `{ down: true, mode?: 'refused' | 'unavailable' | 'rejecting' }` takes
 * it down, `{ down: false }` brings it back on the same port, and answers the new state (503
 * `RESTART_FAILED` when the port was taken meanwhile, the server staying down).
 *
 * @example
 * app.route('/demo/smtp/outage', outageRoutes(devSmtp));
 */
export function outageRoutes(server: Pick<DevSmtpServer, 'host' | 'port' | 'outage' | 'setOutage'>) {
  return (
    new Hono()
      // Another site's page must not switch the admin's mail server off with a form post.
      .use(csrf())
      .use(async (c, next) => {
        await next();
        c.header('Cache-Control', 'no-store');
      })
      .get('/', (c) => c.json(server.outage()))
      .post('/', async (c) => {
        const body = v.safeParse(OutageRequestSchema, await c.req.json().catch(() => undefined));
        if (!body.success) {
          const invalid = Object.keys(v.flatten<typeof OutageRequestSchema>(body.issues).nested ?? {});
          const fields = invalid.includes('down') || invalid.length === 0 ? ['down'] : invalid;
          return c.json(
            {
              error: {
                code: 'VALIDATION_FAILED',
                message:
                  'Send { "down": true, "mode": "refused" | "unavailable" | "rejecting" } or { "down": false }.',
                fields: Object.fromEntries(fields.map((field) => [field, FIELD_MESSAGES[field] ?? ''])),
              },
            },
            400,
          );
        }
        try {
          return c.json(await server.setOutage(body.output));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return c.json(
            {
              error: {
                code: 'RESTART_FAILED',
                message: `The mail server could not listen on ${server.host}:${server.port} again (${reason}); it stays down.`,
              },
            },
            503,
          );
        }
      })
  );
}
