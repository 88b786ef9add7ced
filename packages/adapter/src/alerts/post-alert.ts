import { setTimeout as sleep } from 'node:timers/promises';
import { backoff } from '../mailer/retry.js';
import type { AlertEvent } from './alert-event.js';
import type { AlertsSettings } from './alerts-options.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from './signature.js';

/**
 * Why an alert did not arrive: no answer in time, no connection, an answer other than 2xx (`status`),
 * or the sender closing mid-way.
 */
export type AlertFailureCode = 'TIMEOUT' | 'NETWORK' | 'HTTP_STATUS' | 'CLOSED';

/** How posting an alert ended. */
export type AlertOutcome =
  | { delivered: true; attempts: number }
  | { delivered: false; attempts: number; code: AlertFailureCode; status?: number };

interface AttemptFailure {
  code: AlertFailureCode;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
}

/** The longest a receiver's `Retry-After` makes an alert wait: a page that comes an hour late is no page. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Posts `event` to the webhook, signed anew on each attempt (so a retry is not refused as a replay), and
 * retries network errors, timeouts, 408, 429 and 5xx with backoff (or the receiver's `Retry-After`, up to
 * a minute) until `retry.attempts` are spent; any other answer is final. Never throws; `signal` ends it.
 */
export async function postAlert(
  settings: AlertsSettings,
  event: AlertEvent,
  clock: () => Date,
  signal: AbortSignal,
): Promise<AlertOutcome> {
  const body = JSON.stringify(event);
  for (let attempt = 1; ; attempt += 1) {
    const failure = await attemptPost(settings, event.id, body, clock, signal);
    if (!failure) return { delivered: true, attempts: attempt };
    if (!failure.retryable || attempt >= settings.retry.attempts || signal.aborted) {
      const code = signal.aborted ? 'CLOSED' : failure.code;
      return { delivered: false, attempts: attempt, code, ...(failure.status && { status: failure.status }) };
    }
    if (failure.retryAfterMs === undefined) await backoff(settings.retry, attempt, signal);
    else await sleep(failure.retryAfterMs, undefined, { signal }).catch(() => {});
  }
}

/** One request; answers why it failed, or `undefined` when the receiver took the alert. */
async function attemptPost(
  { webhook, secret, timeoutMs }: AlertsSettings,
  id: string,
  body: string,
  clock: () => Date,
  signal: AbortSignal,
): Promise<AttemptFailure | undefined> {
  try {
    const response = await fetch(webhook, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'smtp-settings-alerts',
        [SIGNATURE_HEADER]: signWebhook(body, secret, clock()),
        [EVENT_ID_HEADER]: id,
      },
      body,
      // A redirect would take the signed alert somewhere the host did not name.
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    // The answer's body is not read: the status says it all, and a slow body must not hold the sender.
    await response.body?.cancel().catch(() => {});
    if (response.ok) return undefined;
    const { status } = response;
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryable ? retryAfter(response.headers.get('Retry-After'), clock) : undefined;
    return { code: 'HTTP_STATUS', status, retryable, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    return { code: timedOut ? 'TIMEOUT' : 'NETWORK', retryable: true };
  }
}

/** A `Retry-After` of seconds or an HTTP date as a wait in ms, within the cap; `undefined` when absent or unreadable. */
function retryAfter(header: string | null, clock: () => Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - clock().getTime();
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
