import * as v from 'valibot';
import { faultSwitchRoutes } from '../fault-switch-routes.js';
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
  return faultSwitchRoutes({
    schema: OutageRequestSchema,
    key: 'down',
    fieldMessages: FIELD_MESSAGES,
    usage: 'Send { "down": true, "mode": "refused" | "unavailable" | "rejecting" } or { "down": false }.',
    state: () => server.outage(),
    async apply(request, c) {
      try {
        return c.json(await server.setOutage(request));
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
    },
  });
}
