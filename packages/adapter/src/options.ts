import type { SmtpPreset } from '@smtp-settings/schema';
import type { Context } from 'hono';
import type { Logger } from './logger.js';
import type { RateLimit } from './middleware/rate-limiter.js';
import type { ProvidersOptions } from './providers/resolve-providers.js';
import type { HostPolicy } from './smtp/host-policy.js';
import type { ProbeTimeouts } from './smtp/probe/run-probe.js';
import type { SettingsStore } from './stores/store.js';

export type { Logger } from './logger.js';

/** What `authorize` may answer: `true` for an administrator, `false` (403) or `'unauthenticated'` (401). */
export type AuthorizeResult = boolean | 'unauthenticated';

/** A hook that may answer synchronously or with a promise. */
type Hook<T> = (c: Context) => T | Promise<T>;

/** Options of {@link createSmtpSettings}. */
export interface SmtpSettingsOptions {
  /** Where settings and their audit trail are kept, e.g. `sqliteStore({ filename })`. */
  store: SettingsStore;
  /** 32-byte base64 key(s) sealing secret fields; with a list, the first encrypts and any decrypts. */
  secretKey: string | readonly string[];
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
  /** Extra TLS trust for SMTP servers: `ca` adds a self-hosted server's private certificate authority to what the process trusts (public roots, `NODE_EXTRA_CA_CERTS`). */
  smtpTls?: { ca?: string | Buffer | Array<string | Buffer> };
  /** Per OAuth provider: identity endpoints and SMTP server, e.g. for national clouds or local tests; `tokenTimeoutMs` bounds each call to them. */
  providers?: ProvidersOptions;
  /** Server presets offered in the form; defaults to {@link DEFAULT_PRESETS}. */
  presets?: readonly SmtpPreset[];
  /** Largest accepted request body in bytes; defaults to 64 KiB. */
  maxBodyBytes?: number;
  /** Current time, replaceable in tests. */
  clock?: () => Date;
  /** Receives operational errors and security events (`SecurityEvent`, at `info`); defaults to the console. */
  logger?: Logger;
}
