/** How long the outbox waits before trying a message again after a failure that may pass. */
export interface BackoffOptions {
  /** The wait after the first failed attempt, in ms; doubled after each further one. Defaults to 30 s. */
  initialMs?: number;
  /** The longest wait between two attempts, in ms; defaults to 1 hour. */
  maxMs?: number;
  /** How far each wait may stray either way, as a fraction (0.2 for ±20 %), so failed messages do not all come back at once; defaults to 0.2. */
  jitter?: number;
}

/** Backoff options with every default filled in. */
export type BackoffPolicy = Required<BackoffOptions>;

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 30_000, maxMs: 3_600_000, jitter: 0.2 };

/** Fills in the backoff defaults and checks the given values, so a bad option fails at startup. */
export function resolveBackoff(options: BackoffOptions = {}): BackoffPolicy {
  const policy: BackoffPolicy = {
    initialMs: options.initialMs ?? DEFAULT_BACKOFF.initialMs,
    maxMs: options.maxMs ?? DEFAULT_BACKOFF.maxMs,
    jitter: options.jitter ?? DEFAULT_BACKOFF.jitter,
  };
  if (!Number.isFinite(policy.initialMs) || policy.initialMs <= 0) {
    throw new TypeError('smtp-settings: `backoff.initialMs` must be a number of milliseconds above 0');
  }
  if (!Number.isFinite(policy.maxMs) || policy.maxMs < policy.initialMs) {
    throw new TypeError(
      'smtp-settings: `backoff.maxMs` must be a number of milliseconds, at least `initialMs`',
    );
  }
  if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter >= 1) {
    throw new TypeError('smtp-settings: `backoff.jitter` must be a fraction from 0 to below 1, e.g. 0.2');
  }
  return policy;
}

/**
 * The wait before the next attempt of a message whose attempt number `attempt` (1 for the first) just
 * failed: `initialMs` doubled per attempt up to `maxMs`, then moved by up to ±`jitter` of itself.
 *
 * @example
 * retryDelay(resolveBackoff(), 1); // 24 000 – 36 000 ms
 * retryDelay(resolveBackoff(), 9); // 2 880 000 – 4 320 000 ms (the 1 h ceiling ± 20 %)
 */
export function retryDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  // Capped before doubling further, so a message with hundreds of attempts cannot overflow to Infinity.
  const doublings = Math.min(Math.max(attempt - 1, 0), 52);
  const base = Math.min(policy.initialMs * 2 ** doublings, policy.maxMs);
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}
