import { DELIVERY_STATUSES } from '@smtp-settings/schema';
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import { englishText } from '../failures/server-text.js';
import type { DeliveryLog } from '../outbox/delivery-log.js';
import { parseInput } from '../settings/parse-body.js';

// The most messages one page holds, as the stores allow.
const MAX_DELIVERY_PAGE = 200;
const DEFAULT_DELIVERY_PAGE = 50;

const LIMIT_INVALID = `Limit must be a whole number from 1 to ${MAX_DELIVERY_PAGE}`;

/** The query of `GET /deliveries`; unknown parameters are ignored, as a cache buster may add one. */
const ListQuerySchema = v.object({
  status: v.optional(v.picklist(DELIVERY_STATUSES, `Status must be one of ${DELIVERY_STATUSES.join(', ')}`)),
  recipient: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      // No spaces, control characters or half a surrogate pair: no address has them, and no store keeps them all.
      v.regex(/^[^\s\p{Cc}\p{Cs}]{1,320}$/u, englishText('field.recipientInvalid')),
    ),
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_-]{1,1024}$/, 'Use the nextCursor of a page with the same filters'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, LIMIT_INVALID),
      v.transform(Number),
      v.minValue(1, LIMIT_INVALID),
      v.maxValue(MAX_DELIVERY_PAGE, LIMIT_INVALID),
    ),
    String(DEFAULT_DELIVERY_PAGE),
  ),
});

const caller = (c: Context<SmtpSettingsEnv>) => ({ tenant: c.get('tenant'), actor: c.get('actor') });

/**
 * The delivery log: `GET /deliveries` (newest first, by status and recipient, a page at a time),
 * `GET /deliveries/summary` (the last 24 hours and the hold), `GET /deliveries/:id` (with its attempts),
 * `POST /deliveries/:id/resend` and `POST /deliveries/:id/discard`.
 */
export function deliveryRoutes(log: DeliveryLog) {
  return (
    new Hono<SmtpSettingsEnv>()
      .get('/', async (c) =>
        c.json(await log.list(c.get('tenant'), parseInput(ListQuerySchema, c.req.query()))),
      )
      // One route for both, as no id is `summary`: a static `/summary` beside `/:id` would keep Hono's
      // SmartRouter from picking its fast RegExpRouter for the whole host app.
      .get('/:id', async (c) => {
        const id = c.req.param('id');
        const tenant = c.get('tenant');
        return c.json(id === 'summary' ? await log.summary(tenant) : await log.detail(tenant, id));
      })
      .post('/:id/resend', async (c) => c.json(await log.resend(caller(c), c.req.param('id'))))
      .post('/:id/discard', async (c) => c.json(await log.discard(caller(c), c.req.param('id'))))
  );
}
