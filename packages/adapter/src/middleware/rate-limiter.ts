/** How many attempts a key may make within a window. */
export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/** Counts attempts per key in a sliding window. */
export interface RateLimiter {
  /** Records an attempt; answers how many seconds to wait instead when the key is over its limit. */
  attempt(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

/**
 * Creates an in-process sliding-window limiter. Several instances each keep their own count, which
 * bounds the load on a mail server per instance — enough to stop a Test button from being hammered.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ limit: 10, windowMs: 60_000 }, () => new Date());
 * if (!limiter.attempt(tenant).allowed) return c.json(…, 429);
 * ```
 */
export function createRateLimiter({ limit, windowMs }: RateLimit, clock: () => Date): RateLimiter {
  const attempts = new Map<string, number[]>();
  return {
    attempt(key) {
      const now = clock().getTime();
      const recent = (attempts.get(key) ?? []).filter((at) => at > now - windowMs);
      if (recent.length >= limit) {
        attempts.set(key, recent);
        const retryAfterMs = (recent[0] as number) + windowMs - now;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
      }
      recent.push(now);
      attempts.set(key, recent);
      return { allowed: true };
    },
  };
}
