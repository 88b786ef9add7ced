import { randomUUID } from 'node:crypto';

/**
 * A new Message-ID, `<random@domain>`, with the domain of the From Email as nodemailer would make it:
 * made once per send, so every retry of that send carries the same one and the log can name it even when
 * no try got through.
 *
 * @example
 * newMessageId('notifications@example.com'); // '<0f8e…@example.com>'
 */
export function newMessageId(fromEmail: string | undefined): string {
  const domain = fromEmail?.split('@').pop() || 'localhost';
  return `<${randomUUID()}@${domain}>`;
}
