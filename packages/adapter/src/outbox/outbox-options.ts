import { FALLBACK_MESSAGE_ID_DOMAIN, isMessageIdDomain } from '../mailer/message-id.js';
import { MAILER_POOL_SIZE } from '../mailer/transport-options.js';
import { type BackoffOptions, type BackoffPolicy, resolveBackoff } from './backoff.js';
import type { OutboxHealth } from './holds.js';
import type { QueueEngine } from './queue-engine.js';
import type { TenantRateOption } from './tenant-rate.js';

/** What only an outbox takes, besides the shared configuration. */
export interface OutboxOwnOptions {
  /** Sends in flight at once in this process; defaults to 10. */
  concurrency?: number;
  /**
   * Sends in flight at once per tenant, and the most one claim takes of a tenant, so one tenant's burst
   * leaves room for the others; defaults to 3 (Microsoft 365 allows 3 SMTP connections per mailbox).
   */
  perTenant?: number;
  /**
   * Open SMTP connections of this process at most, over all tenants; defaults to 20. Each tenant's mailer
   * opens up to `perTenant` (at most 5), so `maxConnections / that` mailers are kept, least recently used first out.
   */
  maxConnections?: number;
  /**
   * How long a claimed message is this process's, in ms; defaults to 60 s. If the process dies mid-send the
   * message is claimed again after it (and sent again with the same Message-ID). Keep it above the longest
   * send: the mailer gives up on a silent server after 10 s to connect, 10 s for the greeting and 30 s
   * without an answer, and on a token endpoint after `providers.tokenTimeoutMs` (10 s).
   */
  leaseMs?: number;
  /** How long after it was handed over a message is retried, in ms, before it fails with `EXPIRED`; defaults to 48 hours. */
  horizonMs?: number;
  /** How long sent, failed and discarded messages stay in the log, in ms, before they are deleted; defaults to 30 days. */
  retentionMs?: number;
  /** The waits between attempts after failures that may pass; defaults to 30 s doubling to 1 hour, ±20 %. */
  backoff?: BackoffOptions;
  /**
   * The most a tenant's server takes, e.g. `() => ({ messages: 30, perMs: 60_000 })` for Microsoft 365:
   * kept by scheduling (the rest wait for a free slot), never by failing; per process.
   */
  rate?: TenantRateOption;
  /** A tenant's mailer without sends for this long is closed with its connections, in ms; defaults to 30 s. */
  idleMs?: number;
  /**
   * The longest the worker sleeps, in ms; defaults to 2 s. It also wakes at the next due time and at once
   * for a message enqueued here; this bounds how soon it sees other processes' messages, run-out leases
   * and saves that end a hold.
   */
  pollMs?: number;
  /** How often messages past the horizon are failed and old ones purged, in ms of the clock; defaults to 1 minute. */
  maintenanceMs?: number;
  /**
   * How often each tenant with saved settings is checked, in ms of the clock: connect and log in as sending
   * does, nothing sent; settings found broken hold the tenant (and `onHealthChange` hears it) before mail
   * fails. Tenants are spread over the period by name. A check takes a slot in the mailer pool as a send
   * does, so checks stay within `maxConnections`. Application sign-in through Graph also has its client
   * secret's end date read from the app registration and kept, and a client secret within 30 days of its
   * end is alerted once per date (`oauth.secret-lapsing`). Defaults to 1 hour; `false` turns checks off.
   */
  healthCheckMs?: number | false;
  /**
   * How often each OAuth refresh token is used at the provider, in ms of the clock, so it does not lapse
   * unused (Microsoft after 90 days, Google after 6 months); a rotated one is saved, a refused one holds the
   * tenant, and one it cannot use within two weeks of lapsing is alerted once (`oauth.token-lapsing`).
   * Defaults to 3 days; `false` turns it off.
   */
  keepAliveMs?: number | false;
  /** How long `stop()` waits for sends in flight, in ms, before it resolves anyway (their leases then run out); defaults to 30 s. */
  stopTimeoutMs?: number;
  /** The largest message `enqueue` takes, as stored (bytes as base64), in bytes; defaults to 25 MiB. */
  maxMessageBytes?: number;
  /** The Message-ID domain for a tenant that has no saved From Email yet; defaults to `smtp-settings.localhost`. */
  messageIdDomain?: string;
  /**
   * Called when a tenant's mail goes on hold (its settings fail: a refused login, a revoked token, nothing
   * saved; `held: true`), when a message failed its third attempt with a failure that is retried (an
   * unreachable server; `held: false`), when the reason changes, and once when its mail goes out again:
   * alert someone once, not per message.
   * With `alerts` in the shared configuration, its webhook hears each change too.
   */
  onHealthChange?: (health: OutboxHealth) => void;
  /**
   * The queue engine several instances of the host share, e.g. `pgBossEngine({ connectionString })` or
   * `bullmqEngine({ connection })`; without one the outbox runs embedded, on its store alone (one machine).
   * With one, the store must be one every instance shares (`postgresStore()`): it keeps the delivery log
   * and each tenant's turn, and `perTenant` and `rate` hold across instances.
   */
  engine?: QueueEngine;
}

/** The outbox's options with every default filled in (`perTenant` within `concurrency`, and within `maxConnections` when that is below a mailer's pool), and what follows from them. */
export interface OutboxSettings
  extends Required<Omit<OutboxOwnOptions, 'backoff' | 'rate' | 'onHealthChange' | 'engine'>> {
  /** The waits between attempts. */
  backoff: BackoffPolicy;
  /** The host's per-tenant rate, if any. */
  rate: TenantRateOption | undefined;
  /** The host's health callback, if any. */
  onHealthChange: ((health: OutboxHealth) => void) | undefined;
  /** How many tenants' mailers are kept: `maxConnections` over each mailer's connections. */
  mailers: number;
}

const DEFAULTS = {
  concurrency: 10,
  perTenant: 3,
  maxConnections: 20,
  leaseMs: 60_000,
  horizonMs: 48 * 3_600_000,
  retentionMs: 30 * 86_400_000,
  idleMs: 30_000,
  pollMs: 2_000,
  maintenanceMs: 60_000,
  healthCheckMs: 3_600_000,
  keepAliveMs: 3 * 86_400_000,
  stopTimeoutMs: 30_000,
  maxMessageBytes: 25 * 1024 * 1024,
} as const;

/** The options of scheduled work that `false` turns off. */
type Periodic = 'healthCheckMs' | 'keepAliveMs';

/** Fills in the outbox defaults and checks every value, so a bad option fails at startup with its name. */
export function resolveOutboxOptions(options: OutboxOwnOptions): OutboxSettings {
  const valid = (value: unknown, whole: boolean): value is number =>
    typeof value === 'number' && value > 0 && Number.isFinite(value) && (!whole || Number.isInteger(value));
  const number = (name: Exclude<keyof typeof DEFAULTS, Periodic>, whole: boolean): number => {
    const value = options[name] ?? DEFAULTS[name];
    if (!valid(value, whole)) {
      throw new TypeError(
        `smtp-settings: the outbox option \`${name}\` must be ${whole ? 'a whole number' : 'a number of milliseconds'} above 0`,
      );
    }
    return value;
  };
  const periodOrOff = (name: Periodic): number | false => {
    const value = options[name] ?? DEFAULTS[name];
    if (value !== false && !valid(value, false)) {
      throw new TypeError(
        `smtp-settings: the outbox option \`${name}\` must be a number of milliseconds above 0, or false to turn it off`,
      );
    }
    return value;
  };
  const messageIdDomain = options.messageIdDomain ?? FALLBACK_MESSAGE_ID_DOMAIN;
  if (!isMessageIdDomain(messageIdDomain)) {
    throw new TypeError(
      'smtp-settings: the outbox option `messageIdDomain` must be a DNS name such as example.com',
    );
  }
  for (const name of ['rate', 'onHealthChange'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`smtp-settings: the outbox option \`${name}\` must be a function`);
    }
  }
  const concurrency = number('concurrency', true);
  const maxConnections = number('maxConnections', true);
  // Sends beyond a mailer's pool wait inside it; below a pool's size, only fewer sends keep its connections under the cap.
  const perTenant = Math.min(
    number('perTenant', true),
    concurrency,
    maxConnections < MAILER_POOL_SIZE ? maxConnections : Number.POSITIVE_INFINITY,
  );
  const connectionsPerMailer = Math.min(perTenant, MAILER_POOL_SIZE);
  return {
    concurrency,
    perTenant,
    maxConnections,
    leaseMs: number('leaseMs', false),
    horizonMs: number('horizonMs', false),
    retentionMs: number('retentionMs', false),
    idleMs: number('idleMs', false),
    pollMs: number('pollMs', false),
    maintenanceMs: number('maintenanceMs', false),
    healthCheckMs: periodOrOff('healthCheckMs'),
    keepAliveMs: periodOrOff('keepAliveMs'),
    stopTimeoutMs: number('stopTimeoutMs', false),
    maxMessageBytes: number('maxMessageBytes', true),
    messageIdDomain,
    backoff: resolveBackoff(options.backoff),
    rate: options.rate,
    onHealthChange: options.onHealthChange,
    mailers: Math.floor(maxConnections / connectionsPerMailer),
  };
}
