import type { IncomingMessage } from 'node:http';
import { type GraphAnswer, graphError } from './graph-answer.js';
import { mimeEnvelope } from './mime-envelope.js';

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/**
 * Delivers the base64 MIME message of a `sendMail` request to its recipients, as Graph does for a MIME
 * body; answers 202 once it is handed over, Graph's 400 for a body it cannot read.
 *
 * @example
 * return sendMimeMail(request, body, (to, raw) => onMail({ from: mailbox, to, raw }));
 */
export function sendMimeMail(
  request: IncomingMessage,
  body: Buffer,
  deliver: (to: string[], raw: Buffer) => void,
): GraphAnswer {
  // Graph reads any other body as a JSON message; the local Graph knows only the MIME form.
  if (!/^text\/plain\b/i.test(request.headers['content-type'] ?? '')) {
    return graphError(
      400,
      'ErrorInvalidRequest',
      'The local Graph takes MIME only: send the base64 message with Content-Type text/plain.',
    );
  }
  const text = body.toString('latin1').trim();
  if (text === '' || !BASE64.test(text)) {
    return graphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
  }
  const { to, raw } = mimeEnvelope(Buffer.from(text, 'base64'));
  if (to.length === 0) {
    return graphError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.");
  }
  deliver(to, raw);
  return { status: 202 };
}
