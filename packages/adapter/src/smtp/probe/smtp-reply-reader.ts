import type { ServerTextKey } from '@smtp-settings/schema';
import { cleanServerText, parseReplyLines, type SmtpReply } from '../smtp-reply.js';
import { ProbeError } from './probe-error.js';

// RFC 5321 allows 512 octets per reply line; real servers stay far below these limits.
const MAX_LINE_LENGTH = 4096;
const MAX_LINES = 256;

/**
 * Splits the bytes a server sends into complete SMTP replies, joining multi-line replies
 * (`250-…` … `250 …`) and reading enhanced status codes.
 *
 * @example
 * const reader = new SmtpReplyReader();
 * reader.push(Buffer.from('250-mx.example.com\r\n250 SIZE 1000\r\n')); // [{ code: 250, text: 'mx.example.com\nSIZE 1000' }]
 */
export class SmtpReplyReader {
  // Bytes kept as latin1 so a UTF-8 character split between two chunks survives until its line ends.
  #partial = '';
  #lines: string[] = [];
  #received = false;

  /** Whether the server has sent any byte at all, which tells a silent TLS-only port from a slow greeter. */
  get receivedAny(): boolean {
    return this.#received;
  }

  /** Whether part of a reply is waiting for more bytes. */
  get pending(): boolean {
    return this.#partial.length > 0 || this.#lines.length > 0;
  }

  /** Adds bytes and returns the replies they complete; throws a `ProbeError` (`EPROTOCOL`) on text that is not SMTP. */
  push(chunk: Buffer): SmtpReply[] {
    if (chunk.length > 0) this.#received = true;
    const replies: SmtpReply[] = [];
    const parts = (this.#partial + chunk.toString('latin1')).split('\n');
    this.#partial = parts.pop() ?? '';
    if (this.#partial.length > MAX_LINE_LENGTH)
      throw garbage(latin1ToUtf8(this.#partial), 'failure.overlongLine');
    // Every reply line starts with a three-digit code: a line that cannot is refused now, not at its end.
    if (!/^\d{0,3}$|^\d{3}[ -]/.test(this.#partial.slice(0, 4))) {
      throw garbage(latin1ToUtf8(this.#partial), 'failure.notSmtpReply');
    }
    for (const part of parts) {
      const line = latin1ToUtf8(part.replace(/\r$/, ''));
      const head = /^\d{3}(?=[ -]|$)/.exec(line);
      if (!head) throw garbage(line, 'failure.notSmtpReply');
      this.#lines.push(line);
      if (this.#lines.length > MAX_LINES) throw garbage(line, 'failure.endlessReply');
      if (line.charAt(3) === '-') continue;
      const reply = parseReplyLines(this.#lines);
      if (!reply) throw garbage(this.#lines.join(' | '), 'failure.mixedReplyCodes');
      this.#lines = [];
      replies.push(reply);
    }
    return replies;
  }

  /** Forgets buffered bytes, as RFC 3207 requires for anything received before a TLS handshake. */
  clear(): void {
    this.#partial = '';
    this.#lines = [];
  }
}

function latin1ToUtf8(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

function garbage(text: string, message: ServerTextKey): ProbeError {
  return new ProbeError('EPROTOCOL', message, {}, cleanServerText(text, 200));
}
