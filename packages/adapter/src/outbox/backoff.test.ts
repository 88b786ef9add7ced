import { describe, expect, it } from 'vitest';
import { resolveBackoff, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  const policy = resolveBackoff();

  it('doubles from 30 s up to 1 hour', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((attempt) => retryDelay(policy, attempt, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('strays by at most ±20 %', () => {
    expect(retryDelay(policy, 1, () => 0)).toBe(24_000);
    expect(retryDelay(policy, 1, () => 0.999_999)).toBe(36_000);
    expect(retryDelay(policy, 20, () => 0)).toBe(2_880_000);
  });

  it('takes its own steps', () => {
    const fast = resolveBackoff({ initialMs: 100, maxMs: 1_000, jitter: 0 });
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(fast, attempt))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('refuses steps that make no sense, naming them', () => {
    expect(() => resolveBackoff({ initialMs: 0 })).toThrow(/`backoff.initialMs`/);
    expect(() => resolveBackoff({ initialMs: 10_000, maxMs: 5_000 })).toThrow(/`backoff.maxMs`/);
    expect(() => resolveBackoff({ jitter: -0.1 })).toThrow(/`backoff.jitter`/);
  });
});
