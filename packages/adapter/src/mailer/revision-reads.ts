/** Shares reads of a record's revision among the sends that wait for one at the same time. */
export interface RevisionReads {
  /** A revision read that started after this call: a write finished before the call is always seen. */
  read(): Promise<number>;
}

/**
 * Creates shared revision reads: at most one read is under way and one waits behind it, and every send
 * that arrives while one is under way joins the waiting one. Joining the read under way would be
 * cheaper, but it may have started before a save the send must see; the waiting one starts only after.
 * Under load this turns a read per send into a read per round trip.
 *
 * @example
 * ```ts
 * const revisions = createRevisionReads(() => store.getRevision(tenant));
 * if ((await revisions.read()) > generation.revision) await reload();
 * ```
 */
export function createRevisionReads(readRevision: () => Promise<number>): RevisionReads {
  let running: Promise<number> | undefined;
  let waiting: Promise<number> | undefined;

  function start(): Promise<number> {
    const read = readRevision().finally(() => {
      if (running === read) running = undefined;
    });
    running = read;
    return read;
  }

  return {
    read() {
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
    },
  };
}
