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
function noCounts(): ResealCounts {
  return { seen: 0, resealed: 0, current: 0, unreadable: 0 };
}

/** Adds one value's outcome to `counts`. */
function count(counts: ResealCounts, outcome: ResealOutcome): void {
  counts.seen += 1;
  counts[outcome] += 1;
}

/** How {@link walkPages} reads and handles values. */
export interface PageWalk<T> {
  /** Reads up to `pageSize` values after `after` (`undefined`: from the start). */
  page(after: string | undefined, pageSize: number): Promise<T[]>;
  /** Where the page after a value starts. */
  cursorOf(value: T): string;
  /** Handles one value and says how it came out. */
  visit(value: T): Promise<ResealOutcome>;
  /** Values per page. */
  pageSize: number;
  /** Told the counts so far after each page. */
  onProgress?: ((counts: Readonly<ResealCounts>) => void) | undefined;
}

/** Visits every value page by page, one at a time, until a page comes back short; answers the counts. */
export async function walkPages<T>({
  page,
  cursorOf,
  visit,
  pageSize,
  onProgress,
}: PageWalk<T>): Promise<ResealCounts> {
  const counts = noCounts();
  let after: string | undefined;
  for (;;) {
    const values = await page(after, pageSize);
    for (const value of values) count(counts, await visit(value));
    onProgress?.(counts);
    const last = values.at(-1);
    if (values.length < pageSize || last === undefined) return counts;
    after = cursorOf(last);
  }
}
