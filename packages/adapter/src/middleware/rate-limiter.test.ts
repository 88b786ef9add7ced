import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows the limit per window per key, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 }, () => new Date(now));
    expect([1, 2, 3].map(() => limiter.attempt('acme').allowed)).toEqual([true, true, true]);
    expect(limiter.attempt('acme')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.attempt('globex').allowed).toBe(true);
    now += 45_500;
    expect(limiter.attempt('acme')).toEqual({ allowed: false, retryAfterSeconds: 15 });
    now += 14_501;
    expect(limiter.attempt('acme').allowed).toBe(true);
  });
});
