/**
 * The adapter's configuration and the mailer, made on first use once per server process from the
 * environment: `SMTP_SETTINGS_KEY` (32 bytes, base64), `SMTP_SETTINGS_DB` (the SQLite file) and, for a
 * mail server with a private certificate authority, `SMTP_SETTINGS_CA` (PEM).
 *
 * @module
 */
import {
  createMailer,
  createSmtpConfig,
  type Mailer,
  type SmtpConfig,
  sqliteStore,
} from '@smtp-settings/adapter';
import Database from 'better-sqlite3';

let config: SmtpConfig | undefined;
let appMailer: Mailer | undefined;

/**
 * What the routes and the mailer share. Made on the first request rather than at import: `next build`
 * loads every route module, and the build needs neither the key nor the database.
 */
export function smtpConfig(): SmtpConfig {
  config ??= createSmtpConfig({
    // Next.js bundles the adapter, and a bundle cannot follow the driver that `sqliteStore({ filename })`
    // loads when it opens the file: the app imports better-sqlite3 itself (Next.js keeps it external).
    store: sqliteStore({
      database: new Database(process.env.SMTP_SETTINGS_DB ?? '.data/smtp-settings.db', { timeout: 0 }),
    }),
    secretKey: process.env.SMTP_SETTINGS_KEY ?? '',
    ...(process.env.SMTP_SETTINGS_CA && { smtpTls: { ca: process.env.SMTP_SETTINGS_CA } }),
  });
  return config;
}

/** The mailer the app's notifications go out through, with what the admin saved. */
export function mailer(): Mailer {
  appMailer ??= createMailer({ config: smtpConfig(), tenant: 'default' });
  return appMailer;
}

/** A stand-in for your own session check (Auth.js's `auth()`, a session cookie). */
export function isAdmin(request: Request): boolean {
  return request.headers.get('X-Role') === 'admin';
}
