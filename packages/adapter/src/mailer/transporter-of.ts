import nodemailer, { type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { isGraphConnection } from '../graph/graph-connection.js';
import { graphTransport } from '../graph/graph-transport.js';
import type { SettingsConnection } from '../settings/settings-connection.js';
import { MESSAGE_SANDBOX, transportOptions } from './transport-options.js';

/**
 * The nodemailer transporter of a connection, so the mailer keeps one `sendMail` whichever way settings
 * send: a pool of SMTP connections, or the Microsoft Graph transport; no message may read a file or URL.
 *
 * @example
 * ```ts
 * const transporter = transporterOf(settingsConnection(settings, { providers, accessToken }));
 * ```
 */
export function transporterOf(connection: SettingsConnection): Transporter<SMTPPoolSentMessageInfo> {
  if (isGraphConnection(connection)) {
    // A custom transport takes no options: the sandbox comes as message defaults, which cannot lift it.
    return nodemailer.createTransport(graphTransport(connection), { ...MESSAGE_SANDBOX });
  }
  return nodemailer.createTransport(transportOptions(connection));
}
