import { setTimeout as sleep } from 'node:timers/promises';

/** How the mailer retries a send that failed for a reason that may pass (4xx reply, dropped connection, timeout). */
export interface RetryOptions {
  /** How many times a message is tried in all, the first try included; defaults to 3. */
  attempts?: number;
  /** The wait before the first retry in milliseconds, doubled for each further one; defaults to 250. */
  baseDelayMs?: number;
}

/** Retry options with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250 };

/**
 * Fills in the retry defaults and checks the given values, so a bad option fails at startup; `name` is
 * the option as errors name it (the alerts' retry is `alerts.retry`).
 */
export function resolveRetry(
  options: RetryOptions = {},
  { name = 'retry', defaults = DEFAULT_RETRY }: { name?: string; defaults?: RetryPolicy } = {},
): RetryPolicy {
  const { attempts = defaults.attempts, baseDelayMs = defaults.baseDelayMs } = options;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new TypeError(`smtp-settings: \`${name}.attempts\` must be a whole number of at least 1`);
  }
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) {
    throw new TypeError(`smtp-settings: \`${name}.baseDelayMs\` must be a number of milliseconds, 0 or more`);
  }
  return { attempts, baseDelayMs };
}

/**
 * Waits before retry number `retry` (1 for the first): exponential backoff with jitter, so senders
 * that failed together against a throttling server do not all come back at the same moment; at least
 * `atLeastMs` when the server asked for a wait (Retry-After).
 */
export async function backoff(
  policy: RetryPolicy,
  retry: number,
  signal?: AbortSignal,
  atLeastMs = 0,
): Promise<void> {
  const ceiling = policy.baseDelayMs * 2 ** (retry - 1);
  const wait = Math.max(ceiling / 2 + (Math.random() * ceiling) / 2, atLeastMs);
  // An abort ends the wait early; the caller then finds the signal aborted and stops retrying.
  await sleep(wait, undefined, signal && { signal }).catch(() => {});
}
