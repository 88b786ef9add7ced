import { createSecretBox, type SecretBox } from './crypto/secret-box.js';
import { DEFAULT_PRESETS } from './meta/presets.js';
import type { Logger, SmtpSettingsOptions } from './options.js';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Options with every default filled in and every value checked, as the routes use them. */
export type ResolvedOptions = Required<Omit<SmtpSettingsOptions, 'secretKey' | 'publicUrl'>> & {
  /** Seals and opens secret fields with the configured keys. */
  secrets: SecretBox;
  /** `publicUrl` without a trailing slash. */
  publicUrl: string;
};

/** Checks the host's options once, at startup, so a bad configuration never reaches a request. */
export function resolveOptions(options: SmtpSettingsOptions): ResolvedOptions {
  if (!options.store)
    throw new TypeError('smtp-settings: `store` is required, e.g. sqliteStore({ filename })');
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
  return {
    store: options.store,
    secrets: createSecretBox(options.secretKey),
    authorize: options.authorize,
    publicUrl: publicUrl.href.replace(/\/$/, ''),
    tenant: options.tenant ?? (() => 'default'),
    actor: options.actor ?? (() => 'admin'),
    enabled: options.enabled ?? (() => true),
    trustedOrigins: options.trustedOrigins ?? [publicUrl.origin],
    requireTestBeforeSave: options.requireTestBeforeSave ?? true,
    presets: options.presets ?? DEFAULT_PRESETS,
    maxBodyBytes,
    clock: options.clock ?? (() => new Date()),
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

const consoleLogger: Logger = {
  error: (message, details) => console.error(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
};
