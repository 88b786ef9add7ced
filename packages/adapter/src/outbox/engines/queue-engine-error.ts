/**
 * What a queue engine throws when its backend cannot be reached or refuses an operation: `start()` against
 * a Redis or PostgreSQL that is down, `requestTurn()` that timed out. The message names the operation and
 * the network failure, never a connection string (which can hold a password).
 */
export class QueueEngineError extends Error {
  override readonly name = 'QueueEngineError';
  /** The Node.js or driver code of the failure (e.g. `ECONNREFUSED`, `ETIMEDOUT`), when it has one. */
  readonly code: string | undefined;

  constructor(
    /** The engine, as in `QueueEngine.name`. */
    readonly engine: string,
    /** What the engine was doing, e.g. `connect to Redis`. */
    readonly operation: string,
    error: unknown,
  ) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const reason = error instanceof Error ? error.message || error.name : 'unknown error';
    super(`smtp-settings: ${engine} could not ${operation}: ${reason}`);
    this.code = typeof code === 'string' ? code : undefined;
  }
}
