/** Starts an operation and returns how to stop listening to it. */
export type WaitStart<T> = (
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
) => (() => void) | undefined;

/** The bounds of one wait: the run's abort signal and, optionally, a timeout of its own. */
export interface WaitBounds {
  /** Aborts the wait with the signal's reason. */
  signal: AbortSignal;
  /** Milliseconds before the wait fails with `timeoutError()`. */
  timeoutMs?: number;
  /** The error a timeout fails with. */
  timeoutError?: () => Error;
}

/**
 * Waits for an event-driven operation, failing when its own timeout passes or the run is aborted,
 * and always removing its listeners and timer.
 *
 * @example
 * await waitFor({ signal, timeoutMs: 5000, timeoutError: () => new Error('slow') }, (resolve, reject) => {
 *   socket.once('connect', resolve).once('error', reject);
 *   return () => socket.off('connect', resolve).off('error', reject);
 * });
 */
export function waitFor<T>(bounds: WaitBounds, start: WaitStart<T>): Promise<T> {
  const { signal, timeoutMs, timeoutError } = bounds;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let done = false;
    let stop: (() => void) | undefined;
    const onAbort = () => finish(() => reject(signal.reason));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => finish(() => reject(timeoutError?.() ?? new Error('Timed out'))), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });

    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      stop?.();
      settle();
    }

    try {
      stop = start(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
      // The operation may have settled synchronously, before `stop` was known.
      if (done) stop?.();
    } catch (error) {
      finish(() => reject(error));
    }
  });
}

/** Waits for a promise unless the run is aborted first; the promise keeps running but is ignored. */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return waitFor<T>({ signal }, (resolve, reject) => {
    promise.then(resolve, reject);
    return undefined;
  });
}
