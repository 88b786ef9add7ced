import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import type { SmtpReply } from '../smtp-reply.js';
import { ProbeError } from './probe-error.js';
import { SmtpReplyReader } from './smtp-reply-reader.js';
import { waitFor } from './wait-for.js';

/** What a reply is awaited for: the server's greeting, the message data, or the name of a command (`EHLO`). */
export type Expected = 'greeting' | 'message' | (string & {});

/** The text for a wait that ran out (`wait`) or that the server's goodbye cut short (`closed`). */
function waitText(expecting: Expected, end: 'wait' | 'closed'): [ServerTextKey, ServerTextParams] {
  if (expecting === 'greeting') return [`failure.${end}Greeting`, {}];
  if (expecting === 'message') return [`failure.${end}Message`, {}];
  return [`failure.${end}Reply`, { command: expecting }];
}

const REDACTED = '[redacted]';
// Shorter secrets would also match ordinary words of a reply.
const MIN_SECRET_LENGTH = 4;

/**
 * One SMTP conversation over a socket: sends command lines and awaits their replies, each with its own
 * timeout and all bounded by the run's abort signal, and upgrades the socket for STARTTLS.
 *
 * @example
 * const dialog = new SmtpDialog(socket, signal);
 * const greeting = await dialog.read('greeting', 5000);
 * const ehlo = await dialog.command('EHLO [127.0.0.1]', 'EHLO', 10_000);
 */
export class SmtpDialog {
  #socket: Socket;
  readonly #signal: AbortSignal;
  readonly #reader = new SmtpReplyReader();
  readonly #replies: SmtpReply[] = [];
  readonly #secrets = new Set<string>();
  #ended: { error: unknown } | undefined;
  #waiter:
    | { resolve: (reply: SmtpReply) => void; reject: (error: unknown) => void; expecting: Expected }
    | undefined;
  #detach: () => void;

  constructor(socket: Socket, signal: AbortSignal) {
    this.#socket = socket;
    this.#signal = signal;
    this.#detach = this.#attach(socket);
  }

  /** The socket the conversation currently runs on (the TLS socket after STARTTLS). */
  get socket(): Socket {
    return this.#socket;
  }

  /** Whether the server has sent any byte on this conversation. */
  get receivedAny(): boolean {
    return this.#reader.receivedAny;
  }

  /** Whether the connection is gone, so that nothing more can be sent. */
  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Registers values (credentials and the lines carrying them) to blank out should a server echo them. */
  addSecret(...values: string[]): void {
    for (const value of values) if (value.length >= MIN_SECRET_LENGTH) this.#secrets.add(value);
  }

  /** Awaits the server's next reply to `expecting`: its greeting, the message, or a command's name (`EHLO`). */
  read(expecting: Expected, timeoutMs: number): Promise<SmtpReply> {
    return waitFor<SmtpReply>(
      {
        signal: this.#signal,
        timeoutMs,
        timeoutError: () => {
          const [key, params] = waitText(expecting, 'wait');
          return new ProbeError('ETIMEDOUT', key, { ...params, limitMs: timeoutMs });
        },
      },
      (resolve, reject) => {
        const queued = this.#replies.shift();
        if (queued) {
          resolve(queued);
          return undefined;
        }
        if (this.#ended) {
          reject(this.#endError(this.#ended.error, expecting));
          return undefined;
        }
        this.#waiter = { resolve, reject, expecting };
        return () => {
          this.#waiter = undefined;
        };
      },
    );
  }

  /** Sends one command line and awaits its reply; `expecting` names the command only, never its arguments. */
  command(line: string, expecting: Expected, timeoutMs: number): Promise<SmtpReply> {
    if (!this.#ended) this.#socket.write(`${line}\r\n`);
    return this.read(expecting, timeoutMs);
  }

  /** Sends raw message data (already dot-stuffed and terminated) and awaits the reply to it. */
  sendData(data: string, expecting: Expected, timeoutMs: number): Promise<SmtpReply> {
    if (!this.#ended) this.#socket.write(data);
    return this.read(expecting, timeoutMs);
  }

  /** Hands the socket over (for a TLS handshake), dropping anything the server sent ahead of it as RFC 3207 requires. */
  release(): Socket {
    this.#detach();
    this.#reader.clear();
    this.#replies.length = 0;
    // Until a handshake hands a new socket back, nothing may be written to or read from this one.
    this.#ended ??= { error: new ProbeError('ECONNECTION', 'failure.handedToTls') };
    return this.#socket;
  }

  /** Runs a TLS handshake on the released socket and continues the conversation over the TLS socket. */
  async startTls(handshake: (socket: Socket) => Promise<TLSSocket>): Promise<TLSSocket> {
    const secure = await handshake(this.release());
    this.#socket = secure;
    this.#ended = undefined;
    this.#detach = this.#attach(secure);
    return secure;
  }

  /** Says goodbye politely, waiting at most `timeoutMs` for the answer; never fails. */
  async quit(timeoutMs: number): Promise<void> {
    if (this.#ended || this.#signal.aborted) return;
    try {
      await this.command('QUIT', 'QUIT', timeoutMs);
    } catch {
      // The test is over either way; a server that skips its goodbye changes nothing.
    }
  }

  #attach(socket: Socket): () => void {
    const onData = (chunk: Buffer) => {
      let replies: SmtpReply[];
      try {
        replies = this.#reader.push(chunk);
      } catch (error) {
        this.#end(this.#redactError(error));
        socket.destroy();
        return;
      }
      for (const reply of replies) {
        const redacted = { ...reply, text: this.#redact(reply.text) };
        if (this.#waiter) this.#waiter.resolve(redacted);
        else this.#replies.push(redacted);
      }
    };
    const onError = (error: Error) => this.#end(error);
    const onClose = () => this.#end(undefined);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    return () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
  }

  #end(error: unknown): void {
    this.#ended ??= { error };
    if (this.#waiter) this.#waiter.reject(this.#endError(this.#ended.error, this.#waiter.expecting));
  }

  #endError(error: unknown, expecting: Expected): unknown {
    return error ?? new ProbeError('ECONNECTION', ...waitText(expecting, 'closed'));
  }

  #redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  #redactError(error: unknown): unknown {
    if (!(error instanceof ProbeError) || error.response === undefined) return error;
    return new ProbeError(error.code, error.messageKey, error.params, this.#redact(error.response));
  }
}
