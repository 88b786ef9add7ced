import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { statementBatches } from './postgres-statement-batches.js';

interface Call {
  value: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** A batcher whose statements take `statementMs`, recording each batch's values. */
function recording(statementMs: number, gatherMs?: number) {
  const batches: number[][] = [];
  const push = statementBatches<Call>(
    async (batch) => {
      batches.push(batch.map(({ value }) => value));
      await sleep(statementMs);
      if (batch.some(({ value }) => value < 0)) throw new Error('refused');
      for (const call of batch) call.resolve();
    },
    (waiting) => waiting.length,
    gatherMs,
  );
  const send = (value: number) => new Promise<void>((resolve, reject) => push({ value, resolve, reject }));
  return { batches, send };
}

describe('statementBatches', () => {
  it('puts the calls handed over while a statement runs into the next one', async () => {
    const { batches, send } = recording(30);
    const first = send(1);
    await sleep(5);
    await Promise.all([first, send(2), send(3)]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('with gatherMs, waits for the calls of the next milliseconds before its first statement', async () => {
    const { batches, send } = recording(5, 200);
    const calls = [send(1)];
    await sleep(10);
    calls.push(send(2));
    await sleep(10);
    calls.push(send(3));
    await Promise.all(calls);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('rejects only the call at fault, writing the rest in halves', async () => {
    const { batches, send } = recording(1);
    const results = await Promise.allSettled([send(1), send(-2), send(3), send(4)]);
    expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(batches).toEqual([[1, -2, 3, 4], [1, -2], [1], [-2], [3, 4]]);
  });
});
