import type { SmtpPreset } from '@smtp-settings/schema';
import type { Context } from 'hono';
import type { WithSmtpConfig } from './config/smtp-config.js';
import type { RateLimit } from './middleware/rate-limiter.js';
import type { OutboxWaker } from './outbox/outbox-waker.js';
import type { HostPolicy } from './smtp/host-policy.js';
import type { ProbeTimeouts } from './smtp/probe/run-probe.js';

export type { Logger } from './logger.js';

/** What `authorize` may answer: `true` for an administrator, `false` (403) or `'unauthenticated'` (401). */
export type AuthorizeResult = boolean | 'unauthenticated';

/** A hook that may answer synchronously or with a promise. */
type Hook<T> = (c: Context) => T | Promise<T>;

/**
 * Options of {@link createSmtpSettings}: the shared configuration (`config` from `createSmtpConfig`, or
 * its options — `store`, `secretKey`, `providers`, `smtpTls`, `logger`, `clock` — inline) and the routes' own.
 */
export type SmtpSettingsOptions = WithSmtpConfig<SmtpSettingsRouteOptions>;

/** What only the settings routes take, besides the shared configuration. */
export interface SmtpSettingsRouteOptions {
  /** Says whether the caller is an administrator; every route answers 401/403 unless it returns `true`. */
  authorize: Hook<AuthorizeResult>;
  /** Absolute base URL the adapter is reachable at; OAuth redirect URIs derive from it, never from `Host`. */
  publicUrl: string;
  /** Whose settings a request reads and writes; defaults to `"default"`. */
  tenant?: Hook<string>;
  /** Who makes a change, as recorded in the audit trail; defaults to `"admin"`. */
  actor?: Hook<string>;
  /** Feature gate: when it returns `false` every route answers 404; defaults to always on. */
  enabled?: Hook<boolean>;
  /** Origins allowed to send state-changing requests; defaults to the origin of `publicUrl`. */
  trustedOrigins?: readonly string[];
  /** Whether Save needs a passing Test of the same values first; defaults to `true`. */
  requireTestBeforeSave?: boolean;
  /** How long a passing test's receipt lets Save store those values, in ms; defaults to 15 minutes. */
  testReceiptTtlMs?: number;
  /** Tests allowed per tenant and window (429 beyond); defaults to 10 a minute, `false` turns it off. */
  testRateLimit?: RateLimit | false;
  /** Sign-ins ("Get Refresh Token") allowed to start per tenant and window (429 beyond); defaults to 10 a minute, `false` turns it off. */
  oauthStartRateLimit?: RateLimit | false;
  /** Bounds of each test step in ms; defaults to connect 5 s, greeting 5 s, command 10 s, total 15 s. */
  testTimeouts?: Partial<ProbeTimeouts>;
  /** Which resolved SMTP addresses a test may connect to; defaults to refusing link-local and cloud-metadata addresses. */
  hostPolicy?: HostPolicy;
  /** Server presets offered in the form; defaults to {@link DEFAULT_PRESETS}. */
  presets?: readonly SmtpPreset[];
  /** Largest accepted request body in bytes; defaults to 64 KiB. */
  maxBodyBytes?: number;
  /** The outbox running in this process (`createOutbox`), woken by `POST /deliveries/:id/resend` so the message goes out at once. */
  outbox?: OutboxWaker;
}
