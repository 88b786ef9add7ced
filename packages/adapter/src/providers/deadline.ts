/** Thrown when a call to a provider's identity service took longer than its deadline. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';

  constructor(
    /** The deadline that passed, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`No answer within ${describeTimeout(timeoutMs)}.`);
  }
}

/**
 * Runs `call` with a signal that aborts after `timeoutMs`, and rejects with {@link DeadlineExceededError}
 * by then at the latest: the signal cancels the request itself (its socket is closed), and the race covers
 * what a library does between requests, such as waiting to retry.
 *
 * @example
 * ```ts
 * const tokens = await withDeadline(provider.tokenTimeoutMs, (signal) => fetchTokens({ signal }));
 * ```
 */
export async function withDeadline<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } catch (error) {
    // The library's own error for an aborted request (MSAL: a failed metadata load) hides the cause.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A timeout as an admin reads it: `300 ms`, `10 s`, `2.5 s`. */
export function describeTimeout(timeoutMs: number): string {
  return timeoutMs < 1000 ? `${timeoutMs} ms` : `${Number((timeoutMs / 1000).toFixed(1))} s`;
}
