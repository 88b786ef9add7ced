import type { GraphFailure, GraphFailureRequest } from '../src/local-graph/graph-failures.js';
import type { RunningDemo } from '../src/start-demo.js';

/**
 * Makes the demo's local Microsoft Graph answer every following request with a failure, or normally
 * again, through `/demo/graph/failure` as the page does; answers the new state.
 *
 * @example
 * await setGraphFailure(session.demo, { failing: true, mode: 'throttled', retryAfterSeconds: 2 });
 * afterEach(() => setGraphFailure(session.demo, { failing: false }));
 */
export async function setGraphFailure(
  demo: RunningDemo,
  request: GraphFailureRequest,
): Promise<GraphFailure> {
  const response = await fetch(`${demo.url}/demo/graph/failure`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: demo.url },
    body: JSON.stringify(request),
  });
  if (!response.ok)
    throw new Error(`/demo/graph/failure answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as GraphFailure;
}

/** Whether the demo's local Microsoft Graph answers normally now. */
export async function graphFailure(demo: RunningDemo): Promise<GraphFailure> {
  return (await (await fetch(`${demo.url}/demo/graph/failure`)).json()) as GraphFailure;
}
