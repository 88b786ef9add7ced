/**
 * The adapter's configuration and the mailer, made once per server process from the environment:
 * `SMTP_SETTINGS_KEY` (32 bytes, base64), `SMTP_SETTINGS_DB` (the SQLite file) and, for a mail server
 * with a private certificate authority, `SMTP_SETTINGS_CA` (PEM).
 *
 * @module
 */
import { createMailer, createSmtpConfig, sqliteStore } from '@smtp-settings/adapter';

/** What the routes and the mailer share. */
export const smtpConfig = createSmtpConfig({
  store: sqliteStore({ filename: process.env.SMTP_SETTINGS_DB ?? '.data/smtp-settings.db' }),
  secretKey: process.env.SMTP_SETTINGS_KEY ?? '',
  ...(process.env.SMTP_SETTINGS_CA && { smtpTls: { ca: process.env.SMTP_SETTINGS_CA } }),
});

/** The app's notifications go out through this mailer, with what the admin saved. */
export const mailer = createMailer({ config: smtpConfig, tenant: 'default' });

/** A stand-in for your own session check (Auth.js's `auth()`, a session cookie). */
export function isAdmin(request: Request): boolean {
  return request.headers.get('X-Role') === 'admin';
}
