import { freshRuns } from '../fresh-runs.js';

/** Shares reads of a record's revision among the sends that wait for one at the same time. */
export interface RevisionReads {
  /** A revision read that started after this call: a write finished before the call is always seen. */
  read(): Promise<number>;
}

/**
 * Creates shared revision reads (see `freshRuns`): every send that arrives while a read is under way
 * joins the one waiting behind it, which starts only after, so it sees a save made before the send.
 *
 * @example
 * ```ts
 * const revisions = createRevisionReads(() => store.getRevision(tenant));
 * if ((await revisions.read()) > generation.revision) await reload();
 * ```
 */
export function createRevisionReads(readRevision: () => Promise<number>): RevisionReads {
  return { read: freshRuns(readRevision) };
}
