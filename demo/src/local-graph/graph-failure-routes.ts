import * as v from 'valibot';
import { faultSwitchRoutes } from '../fault-switch-routes.js';
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
  return faultSwitchRoutes({
    schema: FailureRequestSchema,
    key: 'failing',
    fieldMessages: FIELD_MESSAGES,
    usage: 'Send { "failing": true, "mode": …, "retryAfterSeconds"?: … } or { "failing": false }.',
    state: () => graph.failure(),
    apply: (request, c) => c.json(graph.setFailure(request)),
  });
}
