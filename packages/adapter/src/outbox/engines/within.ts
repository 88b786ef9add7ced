/** The error a wait that ran out rejects with; its `code` matches a socket's own timeout. */
export class WaitTimedOutError extends Error {
  override readonly name = 'WaitTimedOutError';
  readonly code = 'ETIMEDOUT';
}

/**
 * Resolves as `promise` does, or rejects with a {@link WaitTimedOutError} once `ms` passed: for a wait on
 * the outside world whose library would otherwise wait forever (a client that keeps reconnecting).
 *
 * @example
 * await within(client.ping(), 5_000, 'answer a ping');
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimedOutError(`did not ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
