import type { MailMessage, SMTPPoolSentMessageInfo, Transport } from 'nodemailer';
import type { SmtpFailure } from '../failures/smtp-failure.js';
import { lookupMailbox, sendMimeMessage } from './graph-calls.js';
import type { GraphConnection } from './graph-connection.js';

/** What Graph's 202 reads as in a sent message's `response`, where SMTP would quote the server's reply. */
export const GRAPH_ACCEPTED_RESPONSE = 'Microsoft Graph 202 Accepted';

/** A nodemailer transport that sends through Microsoft Graph, with the mailer's `verify()`. */
export interface GraphTransport extends Transport<SMTPPoolSentMessageInfo> {
  /** Gets a token and looks the mailbox up; a 403 on the lookup still passes (sending checks it). */
  verify(): Promise<true>;
}

/**
 * A nodemailer custom transport that sends each message through Microsoft Graph's `sendMail` as the
 * connection's mailbox: nodemailer builds the MIME (Message-ID, headers, attachments as for SMTP, Bcc
 * kept since Graph takes the recipients from the headers) and the result reads like an SMTP one. A
 * failure is the classified {@link SmtpFailure}; retries are the mailer's.
 *
 * @example
 * ```ts
 * const transporter = nodemailer.createTransport(graphTransport(connection), { disableFileAccess: true });
 * const sent = await transporter.sendMail({ from, to, subject, text }); // sent.response: 'Microsoft Graph 202 Accepted'
 * ```
 */
export function graphTransport(connection: GraphConnection): GraphTransport {
  return {
    name: 'MicrosoftGraph',
    version: 'v1.0',
    supportsAbortSignal: true,
    send(mail, callback) {
      deliver(connection, mail).then(
        (info) => callback(null, info),
        (error: SmtpFailure) => callback(error, undefined as never),
      );
    },
    async verify() {
      const { accessToken } = await connection.accessToken();
      await lookupMailbox({ connection, accessToken });
      return true;
    },
  };
}

async function deliver(
  connection: GraphConnection,
  mail: MailMessage<SMTPPoolSentMessageInfo>,
): Promise<SMTPPoolSentMessageInfo> {
  const started = performance.now();
  const envelope = mail.message.getEnvelope();
  const messageId = mail.message.messageId();
  mail.message.keepBcc = true;
  const mime = await mail.message.build();
  const built = performance.now();
  const { accessToken } = await connection.accessToken();
  const signal = mail.data.signal instanceof AbortSignal ? mail.data.signal : undefined;
  await sendMimeMessage({ connection, accessToken, signal }, mime);
  return {
    envelope,
    messageId,
    // Graph accepts the message for all its recipients or refuses it whole.
    accepted: [...envelope.to],
    rejected: [],
    pending: [],
    response: GRAPH_ACCEPTED_RESPONSE,
    envelopeTime: Math.round(built - started),
    messageTime: Math.round(performance.now() - built),
    messageSize: mime.length,
  };
}
