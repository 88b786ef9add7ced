import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import * as v from 'valibot';
import { GRAPH_FAILURE_MODES } from './graph-failures.js';
import type { LocalGraph } from './local-graph.js';

const FailureRequestSchema = v.variant('failing', [
  v.object({ failing: v.literal(false) }),
  v.object({
    failing: v.literal(true),
    mode: v.picklist(GRAPH_FAILURE_MODES),
    retryAfterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  }),
]);

// Our own words per field: the input is never echoed back.
const FIELD_MESSAGES: Record<string, string> = {
  failing: 'Must be true or false.',
  mode: `Must be one of ${GRAPH_FAILURE_MODES.map((mode) => `"${mode}"`).join(', ')}.`,
  retryAfterSeconds: 'Must be a whole number of seconds from 0 to 3600.',
};

/**
 * The failure switch of the local Graph: `GET /` answers its state (`{ failing: false }`, or
 * `{ failing: true, mode, since, retryAfterSeconds? }`); `POST /` with `{ failing: true, mode,
 * retryAfterSeconds? }` makes every following request answer with that failure (see `GRAPH_FAILURE_MODES`),
 * `{ failing: false }` answers normally again; both answer the new state.
 *
 * @example
 * app.route('/demo/graph/failure', graphFailureRoutes(graph));
 */
export function graphFailureRoutes(graph: Pick<LocalGraph, 'failure' | 'setFailure'>) {
  return (
    new Hono()
      // Another site's page must not break the admin's mail with a form post.
      .use(csrf())
      .use(async (c, next) => {
        await next();
        c.header('Cache-Control', 'no-store');
      })
      .get('/', (c) => c.json(graph.failure()))
      .post('/', async (c) => {
        const body = v.safeParse(FailureRequestSchema, await c.req.json().catch(() => undefined));
        if (body.success) return c.json(graph.setFailure(body.output));
        const invalid = Object.keys(v.flatten<typeof FailureRequestSchema>(body.issues).nested ?? {});
        const fields = invalid.includes('failing') || invalid.length === 0 ? ['failing'] : invalid;
        return c.json(
          {
            error: {
              code: 'VALIDATION_FAILED',
              message:
                'Send { "failing": true, "mode": …, "retryAfterSeconds"?: … } or { "failing": false }.',
              fields: Object.fromEntries(fields.map((field) => [field, FIELD_MESSAGES[field] ?? ''])),
            },
          },
          400,
        );
      })
  );
}
