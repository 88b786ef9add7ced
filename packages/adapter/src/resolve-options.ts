import type { SecureContext } from 'node:tls';
import { createSecretBox, type SecretBox } from './crypto/secret-box.js';
import { consoleLogger } from './logger.js';
import { DEFAULT_PRESETS } from './meta/presets.js';
import type { SmtpSettingsOptions } from './options.js';
import type { Providers } from './providers/provider.js';
import { resolveProviders } from './providers/resolve-providers.js';
import { createTestReceipts, type TestReceipts } from './receipts/test-receipts.js';
import { defaultHostPolicy } from './smtp/host-policy.js';
import { createTlsTrust } from './smtp/tls-trust.js';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_RECEIPT_TTL_MS = 15 * 60_000;

/** Options with every default filled in and every value checked, as the routes use them. */
export type ResolvedOptions = Required<
  Omit<SmtpSettingsOptions, 'secretKey' | 'publicUrl' | 'testReceiptTtlMs' | 'providers' | 'smtpTls'>
> & {
  /** Seals and opens secret fields with the configured keys. */
  secrets: SecretBox;
  /** Issues and checks the receipts of passing tests. */
  receipts: TestReceipts;
  /** `publicUrl` without a trailing slash. */
  publicUrl: string;
  /** Every provider, bound to its endpoints (defaults filled in) and `tokenTimeoutMs`. */
  providers: Providers;
  /** What a Test's TLS connections trust: the process's default trust plus `smtpTls.ca`, parsed once. */
  tlsTrust: SecureContext;
};

/** Checks the host's options once, at startup, so a bad configuration never reaches a request. */
export function resolveOptions(options: SmtpSettingsOptions): ResolvedOptions {
  if (!options.store)
    throw new TypeError('smtp-settings: `store` is required, e.g. sqliteStore({ filename })');
  // Added after the first stores: a host's own store may predate them, so name what is missing.
  if (typeof options.store.getRevision !== 'function') {
    throw new TypeError(
      'smtp-settings: the store must implement `getRevision(tenant)` (grows on every write, rotations included; 0 when nothing is saved): GET /settings checks it to reuse its answer',
    );
  }
  if (typeof options.store.rotateSecret !== 'function') {
    throw new TypeError(
      'smtp-settings: the store must implement `rotateSecret(tenant, rotation, version)` (replaces a sealed secret without a new version): the mailer saves a refresh token the provider rotated with it',
    );
  }
  // Added with Tests in the audit trail: a trail that silently left them out would not be one.
  if (typeof options.store.recordAudit !== 'function') {
    throw new TypeError(
      'smtp-settings: the store must implement `recordAudit(tenant, entry)` (appends a Test to the audit trail): POST /test records each Test there',
    );
  }
  if (typeof options.authorize !== 'function') {
    throw new TypeError(
      'smtp-settings: `authorize(c)` is required: it must say whether the caller is an admin',
    );
  }
  const publicUrl = parsePublicUrl(options.publicUrl);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new TypeError('smtp-settings: `maxBodyBytes` must be a whole number of at least 1024');
  }
  const clock = options.clock ?? (() => new Date());
  return {
    store: options.store,
    secrets: createSecretBox(options.secretKey),
    receipts: createTestReceipts(options.secretKey, {
      ttlMs: options.testReceiptTtlMs ?? DEFAULT_RECEIPT_TTL_MS,
      clock,
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
    tlsTrust: createTlsTrust(options.smtpTls?.ca),
    providers: resolveProviders(options.providers),
    presets: options.presets ?? DEFAULT_PRESETS,
    maxBodyBytes,
    clock,
    logger: options.logger ?? consoleLogger,
  };
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
