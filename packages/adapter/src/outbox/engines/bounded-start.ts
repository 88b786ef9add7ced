/** An engine's server could not be reached, or did not answer, while the engine started. */
export class EngineStartError extends Error {
  override name = 'EngineStartError';
}

/**
 * Runs an engine's `start` work within `timeoutMs`: past it, `abandon` closes what it opened and the start
 * rejects with an {@link EngineStartError} naming the engine, so a host whose queue server is down fails at
 * startup instead of hanging.
 *
 * @example
 * await boundedStart('pg-boss', 15_000, () => boss.start(), () => boss.stop());
 */
export async function boundedStart(
  engine: string,
  timeoutMs: number,
  work: () => Promise<void>,
  abandon: () => Promise<unknown>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EngineStartError(`smtp-settings: ${engine} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([work(), timeout]);
  } catch (error) {
    await abandon();
    if (error instanceof EngineStartError) throw error;
    throw new EngineStartError(`smtp-settings: ${engine} could not start: ${describe(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A connection failure's code or name, never its message (which may quote a connection string). */
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : typeof error;
}
