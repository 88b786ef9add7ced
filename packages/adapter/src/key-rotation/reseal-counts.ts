/** What a walk over sealed values found and did, each value counted once. */
export interface ResealCounts {
  /** Values looked at: tenants' settings, or queued messages. */
  seen: number;
  /** Sealed again with the primary key (with `dryRun`: would have been). */
  resealed: number;
  /** Sealed with the primary key already, or holding nothing sealed: left as they are. */
  current: number;
  /** Not to be opened with the configured keys (or, for settings, not valid): left as they are. */
  unreadable: number;
}

/** How one value came out of a walk. */
export type ResealOutcome = Exclude<keyof ResealCounts, 'seen'>;

/** Counts that start at zero. */
export function noCounts(): ResealCounts {
  return { seen: 0, resealed: 0, current: 0, unreadable: 0 };
}

/** Adds one value's outcome to `counts`. */
export function count(counts: ResealCounts, outcome: ResealOutcome): void {
  counts.seen += 1;
  counts[outcome] += 1;
}
