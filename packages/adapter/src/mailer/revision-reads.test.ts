import { describe, expect, it } from 'vitest';
import { createRevisionReads } from './revision-reads.js';

/** A revision source whose reads the test answers one at a time, as a store round trip would. */
function controlledStore() {
  let revision = 1;
  const pending: Array<{ resolve: (value: number) => void; startedAt: number }> = [];
  return {
    reads: pending,
    write: () => {
      revision += 1;
    },
    read: () => new Promise<number>((resolve) => pending.push({ resolve, startedAt: revision })),
    /** Answers the oldest read with the revision as it was when that read started. */
    answer: async () => {
      const next = pending.shift();
      next?.resolve(next.startedAt);
      // Let the settled read hand over to the waiting one.
      for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    },
  };
}

describe('createRevisionReads', () => {
  it('makes one read for many concurrent callers, and never hands a caller a read older than its call', async () => {
    const store = controlledStore();
    const reads = createRevisionReads(store.read);
    const first = reads.read();
    // A save lands while the first read is under way: later callers must see it.
    store.write();
    const later = [reads.read(), reads.read(), reads.read()];
    expect(store.reads).toHaveLength(1);
    await store.answer();
    expect(await first).toBe(1);
    // The three later callers share one read that started after their calls.
    expect(store.reads).toHaveLength(1);
    await store.answer();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
  });

  it('starts afresh after a failed read, and the failure reaches only its own callers', async () => {
    let calls = 0;
    const reads = createRevisionReads(async () => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return 7;
    });
    const failed = reads.read();
    const waiting = reads.read();
    await expect(failed).rejects.toThrow('store unreachable');
    expect(await waiting).toBe(7);
    expect(await reads.read()).toBe(7);
    expect(calls).toBe(3);
  });
});
