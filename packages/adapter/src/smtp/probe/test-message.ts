import MailComposer from 'nodemailer/lib/mail-composer';
import type { ProbeTarget } from './types.js';

/** Subject of the test message, meant to be recognisable in an inbox at a glance. */
export const TEST_MESSAGE_SUBJECT = 'SMTP settings test — it works';

/** What the test message tells its reader about how it was sent. */
export interface TestMessageFacts {
  /** The server name as configured. */
  host: string;
  /** How the login went, e.g. `user@example.com with PLAIN`, or `none`. */
  login: string;
  /** When the message was sent. */
  sentAt: Date;
}

/**
 * Builds the test message with nodemailer's MailComposer: From the configured sender, To `sendTo`,
 * and a short text naming the server, settings and time that sent it.
 *
 * @example
 * const raw = await buildTestMessage(target, { host: 'smtp.example.com', login: 'none', sentAt: new Date() });
 */
export function buildTestMessage(target: ProbeTarget, facts: TestMessageFacts): Promise<Buffer> {
  const security = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' }[target.security];
  const text = [
    'This is a test message from the SMTP settings of your application.',
    '',
    'If you can read it, the settings work: the mail server accepted a message sent with them.',
    '',
    `Server: ${facts.host}, port ${target.port} (${security})`,
    `Login: ${facts.login}`,
    `Sent: ${facts.sentAt.toISOString()}`,
    '',
  ].join('\n');
  const composer = new MailComposer({
    from: { name: target.fromName ?? '', address: target.fromEmail },
    to: target.sendTo ?? target.fromEmail,
    subject: TEST_MESSAGE_SUBJECT,
    date: facts.sentAt,
    text,
    // Keeps vacation responders and mailing lists from answering a machine.
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}

/** Prepares a message for DATA: CRLF line ends, dot-stuffing (RFC 5321 §4.5.2) and the final `.` line. */
export function toDataSection(message: Buffer): string {
  const lines = message.toString('utf8').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  return `${lines}${lines.endsWith('\r\n') ? '' : '\r\n'}.\r\n`;
}
