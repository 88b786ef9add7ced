import { type RetryOptions, type RetryPolicy, resolveRetry } from '../mailer/retry.js';
import { inNetwork, parseIpAddress } from '../smtp/ip-address.js';

/** Where to send alerts when a tenant's mail is held or flows again, or its OAuth refresh token may lapse; see `createSmtpConfig`. */
export interface AlertsOptions {
  /** The receiver's URL: https, or http only for a loopback host (`localhost`, 127.0.0.0/8, `::1`). */
  webhook: string;
  /** The shared secret each request is signed with (HMAC-SHA256), at least 32 characters; never sent. */
  secret: string;
  /** How long one request may take before it is abandoned and retried, in ms; defaults to 10 s. */
  timeoutMs?: number;
  /** How often an alert is tried in all, and the wait before the first retry; defaults to 5 attempts from 1 s, doubling. */
  retry?: RetryOptions;
}

/** The alerts' options checked, with every default filled in. */
export interface AlertsSettings {
  /** The receiver's URL. */
  webhook: URL;
  /** The signing secret. */
  secret: string;
  /** The bound on one request, in ms. */
  timeoutMs: number;
  /** Attempts in all, and the first retry's wait. */
  retry: RetryPolicy;
}

const MIN_SECRET_LENGTH = 32;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000 };
const IPV4_LOOPBACK = parseIpAddress('127.0.0.0') as Uint8Array;
const IPV6_LOOPBACK = parseIpAddress('::1') as Uint8Array;

/**
 * Checks the `alerts` option at startup, naming the field at fault and never its value (the URL may
 * carry a token, the secret is one); `undefined` when alerts are off.
 */
export function resolveAlertsOptions(options: AlertsOptions | undefined): AlertsSettings | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('smtp-settings: `alerts` must be an object with `webhook` and `secret`');
  }
  const webhook = URL.canParse(options.webhook) ? new URL(options.webhook) : undefined;
  if (
    !webhook ||
    !(webhook.protocol === 'https:' || (webhook.protocol === 'http:' && isLoopback(webhook.hostname)))
  ) {
    throw new TypeError(
      'smtp-settings: `alerts.webhook` must be an absolute https URL (http only for a loopback host)',
    );
  }
  // fetch refuses such a URL on every request; better said at startup.
  if (webhook.username || webhook.password) {
    throw new TypeError('smtp-settings: `alerts.webhook` must not carry a user name or password');
  }
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(
      `smtp-settings: \`alerts.secret\` must be a string of at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('smtp-settings: `alerts.timeoutMs` must be a number of milliseconds above 0');
  }
  return {
    webhook,
    secret: options.secret,
    timeoutMs,
    retry: resolveRetry(options.retry, { name: 'alerts.retry', defaults: DEFAULT_RETRY }),
  };
}

/** Whether a URL's host name is this machine, where plain http never crosses a network. */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  const address = parseIpAddress(hostname.replace(/^\[|\]$/g, ''));
  if (!address) return false;
  return inNetwork(address, IPV4_LOOPBACK, 104) || inNetwork(address, IPV6_LOOPBACK, 128);
}
