/**
 * Shares an asynchronous run (a read, a sync) among the callers that want one at the same time, each
 * getting a run that started after its call: at most one run is under way and one waits behind it, and
 * every caller arriving while one is under way joins the waiting one. Joining the run under way would be
 * cheaper, but it may have started before what the caller must see (a save, a commit); the waiting one
 * starts only after. Under load this turns a run per caller into a run per round trip.
 *
 * @example
 * ```ts
 * const readRevision = freshRuns(() => store.getRevision(tenant));
 * if ((await readRevision()) > generation.revision) await reload();
 * ```
 */
export function freshRuns<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let waiting: Promise<T> | undefined;

  function start(): Promise<T> {
    const current = run().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  }

  return () => {
    if (!running) return start();
    waiting ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        waiting = undefined;
        return start();
      });
    return waiting;
  };
}
