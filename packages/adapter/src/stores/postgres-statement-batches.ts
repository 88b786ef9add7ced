/** A call waiting for its statement: how it is answered when the statement fails. */
export interface PendingCall {
  reject(error: unknown): void;
}

/**
 * Puts calls handed over while a statement runs into the next one, so under load a burst costs a commit
 * (and a sync of PostgreSQL's log) per batch instead of one each, and a lone call waits for nothing but its
 * own statement. `write` runs one batch and answers its calls; when it throws, the batch is written again
 * in halves, one after the other (calls keep their order), down to single calls, so only the call at fault
 * rejects. `take` says how many of the waiting calls the next statement carries (at least one). With
 * `gatherMs`, a call that finds no statement running waits that long for others to share its statement:
 * for writes no caller waits on, such as finished attempts, where fewer statements matter more than a few
 * milliseconds.
 *
 * @example
 * ```ts
 * const push = statementBatches(write, (waiting) => Math.min(waiting.length, 500));
 * push({ row, resolve, reject });
 * ```
 */
export function statementBatches<P extends PendingCall>(
  write: (batch: P[]) => Promise<void>,
  take: (waiting: readonly P[]) => number,
  gatherMs = 0,
): (call: P) => void {
  const waiting: P[] = [];
  let running = false;

  const attempt = async (batch: P[]): Promise<void> => {
    try {
      await write(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await attempt(batch.slice(0, half));
      await attempt(batch.slice(half));
    }
  };

  const drain = async () => {
    while (waiting.length > 0) await attempt(waiting.splice(0, Math.max(1, take(waiting))));
    running = false;
  };

  return (call) => {
    waiting.push(call);
    if (running) return;
    running = true;
    // After this turn (or gatherMs): the calls handed over meanwhile share the first statement.
    if (gatherMs > 0) setTimeout(drain, gatherMs);
    else queueMicrotask(drain);
  };
}
