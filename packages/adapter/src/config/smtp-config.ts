import type { SecureContext } from 'node:tls';
import { type AlertsOptions, type AlertsSettings, resolveAlertsOptions } from '../alerts/alerts-options.js';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.js';
import { consoleLogger, type Logger } from '../logger.js';
import type { Providers } from '../providers/provider.js';
import { type ProvidersOptions, resolveProviders } from '../providers/resolve-providers.js';
import { createTlsTrust, type PemCertificates } from '../smtp/tls-trust.js';
import type { SettingsStore } from '../stores/store.js';
import { checkStore } from './check-store.js';

/** What the settings routes, the mailer and every other part that sends mail share; given once, to {@link createSmtpConfig}. */
export interface SmtpConfigOptions {
  /** Where settings and their audit trail are kept, e.g. `sqliteStore({ filename })`. */
  store: SettingsStore;
  /** 32-byte base64 key(s) sealing secret fields; with a list, the first encrypts and any decrypts. */
  secretKey: string | readonly string[];
  /** Per OAuth provider: identity endpoints and SMTP server, e.g. for national clouds or local tests; and `tokenTimeoutMs`. */
  providers?: ProvidersOptions;
  /** Extra TLS trust for SMTP servers: `ca` adds a self-hosted server's private certificate authority to what the process trusts. */
  smtpTls?: { ca?: PemCertificates };
  /** Receives operational errors, warnings and security events; defaults to the console. */
  logger?: Logger;
  /** Current time, replaceable in tests. */
  clock?: () => Date;
  /**
   * A webhook told, signed, when a tenant's mail goes on hold or flows again, or its OAuth refresh token may lapse, e.g. to page someone:
   * `{ webhook: 'https://ops.example.com/hooks/smtp', secret }`. Check requests with `verifyWebhookSignature`.
   */
  alerts?: AlertsOptions;
}

/** A checked configuration, made once by {@link createSmtpConfig} and passed as `config` to each part. */
export interface SmtpConfig {
  /** Where settings and their audit trail are kept. */
  readonly store: SettingsStore;
  /** Seals and opens secret fields with the configured keys. */
  readonly secrets: SecretBox;
  /** Every provider, bound to its endpoints (defaults filled in) and `tokenTimeoutMs`. */
  readonly providers: Providers;
  /** What every SMTP connection trusts, Test and sending alike: the process's default trust plus `smtpTls.ca`, parsed once. */
  readonly tlsTrust: SecureContext;
  /** Where errors, warnings and security events go. */
  readonly logger: Logger;
  /** Current time. */
  readonly clock: () => Date;
  /** The alerts webhook, checked; `undefined` when none was given. */
  readonly alerts: AlertsSettings | undefined;
}

/** The options of a part that takes the shared configuration: made once (`config`) or given inline. */
export type WithSmtpConfig<T> = T & (SmtpConfigOptions | { config: SmtpConfig });

const CONFIG_KEYS = ['store', 'secretKey', 'providers', 'smtpTls', 'logger', 'clock', 'alerts'] as const;

/**
 * Checks the options every part shares and builds what they use from them, once: the key box, the
 * providers and the TLS trust. Hand the result to `createSmtpSettings`, `createMailer` (and every
 * mailer of every tenant) as `config`, so the routes' Test and the mail they send cannot drift apart.
 * Throws at startup when an option is missing or wrong (e.g. a short `secretKey`).
 *
 * @example
 * ```ts
 * const config = createSmtpConfig({ store: sqliteStore({ filename }), secretKey, smtpTls: { ca } });
 * app.route('/api/smtp', createSmtpSettings({ config, publicUrl, authorize }));
 * const mailer = createMailer({ config, tenant: 'acme' });
 * ```
 */
export function createSmtpConfig(options: SmtpConfigOptions): SmtpConfig {
  checkStore(options?.store);
  return {
    store: options.store,
    secrets: createSecretBox(options.secretKey),
    providers: resolveProviders(options.providers),
    tlsTrust: createTlsTrust(options.smtpTls?.ca),
    logger: options.logger ?? consoleLogger,
    clock: options.clock ?? (() => new Date()),
    alerts: resolveAlertsOptions(options.alerts),
  };
}

/**
 * The configuration a part was given: its `config`, or one made from the same options given inline;
 * both at once would leave it unclear which counts, so that throws.
 */
export function configOf(options: WithSmtpConfig<object>): SmtpConfig {
  if (!('config' in options) || options.config === undefined) {
    return createSmtpConfig(options as SmtpConfigOptions);
  }
  const doubled = CONFIG_KEYS.filter((key) => (options as Record<string, unknown>)[key] !== undefined);
  if (doubled.length > 0) {
    throw new TypeError(
      `smtp-settings: pass ${doubled.map((key) => `\`${key}\``).join(', ')} in \`config\` (createSmtpConfig) or directly, not both`,
    );
  }
  return options.config;
}
