import { configOf, type SmtpConfig } from './config/smtp-config.js';
import { DEFAULT_PRESETS } from './meta/presets.js';
import type { SmtpSettingsOptions, SmtpSettingsRouteOptions } from './options.js';
import { createTestReceipts, type TestReceipts } from './receipts/test-receipts.js';
import { defaultHostPolicy } from './smtp/host-policy.js';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_RECEIPT_TTL_MS = 15 * 60_000;

/** Options with every default filled in and every value checked, as the routes use them, the shared configuration's included. */
export type ResolvedOptions = SmtpConfig &
  Required<Omit<SmtpSettingsRouteOptions, 'publicUrl' | 'testReceiptTtlMs' | 'outbox'>> &
  Pick<SmtpSettingsRouteOptions, 'outbox'> & {
    /** Issues and checks the receipts of passing tests. */
    receipts: TestReceipts;
    /** `publicUrl` without a trailing slash. */
    publicUrl: string;
  };

/** Checks the host's options once, at startup, so a bad configuration never reaches a request. */
export function resolveOptions(options: SmtpSettingsOptions): ResolvedOptions {
  if (typeof options?.authorize !== 'function') {
    throw new TypeError(
      'smtp-settings: `authorize(c)` is required: it must say whether the caller is an admin',
    );
  }
  const config = configOf(options);
  const publicUrl = parsePublicUrl(options.publicUrl);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new TypeError('smtp-settings: `maxBodyBytes` must be a whole number of at least 1024');
  }
  return {
    store: config.store,
    secrets: config.secrets,
    providers: config.providers,
    tlsTrust: config.tlsTrust,
    logger: config.logger,
    clock: config.clock,
    alerts: config.alerts,
    receipts: createTestReceipts(config.secrets, {
      ttlMs: options.testReceiptTtlMs ?? DEFAULT_RECEIPT_TTL_MS,
      clock: config.clock,
    }),
    authorize: options.authorize,
    publicUrl: publicUrl.href.replace(/\/$/, ''),
    tenant: options.tenant ?? (() => 'default'),
    actor: options.actor ?? (() => 'admin'),
    enabled: options.enabled ?? (() => true),
    trustedOrigins: options.trustedOrigins ?? [publicUrl.origin],
    requireTestBeforeSave: options.requireTestBeforeSave ?? true,
    testRateLimit: options.testRateLimit ?? { limit: 10, windowMs: 60_000 },
    oauthStartRateLimit: options.oauthStartRateLimit ?? { limit: 10, windowMs: 60_000 },
    testTimeouts: options.testTimeouts ?? {},
    hostPolicy: options.hostPolicy ?? defaultHostPolicy,
    presets: options.presets ?? DEFAULT_PRESETS,
    maxBodyBytes,
    outbox: checkOutbox(options.outbox),
  };
}

// Checked at startup: a wrong object would otherwise fail only when an admin first resends a message.
function checkOutbox(outbox: SmtpSettingsRouteOptions['outbox']): SmtpSettingsRouteOptions['outbox'] {
  if (outbox !== undefined && typeof outbox?.wake !== 'function') {
    throw new TypeError('smtp-settings: `outbox` must be the outbox made by createOutbox(…), with wake()');
  }
  return outbox;
}

function parsePublicUrl(value: string | undefined): URL {
  const url = URL.canParse(value ?? '') ? new URL(value as string) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new TypeError(
      'smtp-settings: `publicUrl` must be the absolute http(s) URL the adapter is mounted at, ' +
        'without query or fragment, e.g. "https://app.example.com/api/smtp"',
    );
  }
  return url;
}
