import type { TestRequest, TestResponse, TestStage } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from './client.js';
import { ApiRequestError } from './errors.js';
import { readEventStream } from './event-stream.js';
import { parseData, parseJson, reading, send } from './requests.js';

/** Callbacks and cancellation of {@link runTest}. */
export interface RunTestOptions {
  /** Called with each stage as soon as the server finishes it, before the result arrives. */
  onStage?: (stage: TestStage) => void;
  /** Aborts the request and the test on the server. */
  signal?: AbortSignal;
}

/** Runs the staged connection test, reporting each stage through `onStage` as the server streams it. */
export async function runTest(
  client: SmtpSettingsClient,
  body: TestRequest,
  { onStage, signal }: RunTestOptions = {},
): Promise<TestResponse> {
  const response = await send(client, '/test', {
    method: 'POST',
    headers: { Accept: 'text/event-stream' },
    body,
    signal,
  });
  const stream = response.body;
  // A proxy or an older adapter may answer the same request with plain JSON.
  if (!response.headers.get('Content-Type')?.includes('text/event-stream') || !stream) {
    return parseJson<TestResponse>(response, signal);
  }
  const events = readEventStream(stream);
  try {
    for (;;) {
      const next = await reading(signal, () => events.next());
      if (next.done) break;
      const { event, data } = next.value;
      if (event === 'stage') onStage?.(parseData<TestStage>(response, data));
      else if (event === 'result') return parseData<TestResponse>(response, data);
    }
  } finally {
    await events.return(undefined);
  }
  throw new ApiRequestError(
    response.status,
    'INTERNAL_ERROR',
    'The connection test ended before the server reported its result. Try again.',
  );
}
