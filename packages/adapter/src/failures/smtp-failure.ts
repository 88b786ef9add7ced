import type { SmtpErrorCode, TestFailure, TestStageName } from '@smtp-settings/schema';
import { HINTS } from './hints.js';

/** Details of an {@link SmtpFailure} beyond its code and message. */
export interface SmtpFailureDetails {
  /** The step where it happened. */
  stage: TestStageName;
  /** The server's reply, if it gave one; secrets never reach it (the client sends them, the server never echoes). */
  serverReply?: string;
  /** A fix more specific than the code's default hint, e.g. for a recognised Microsoft or Gmail reply. */
  hint?: string;
  /** Whether trying again later may work (4xx replies, dropped connections), for the mailer's retries. */
  transient?: boolean;
  /** The underlying error, kept for logs by name only. */
  cause?: unknown;
}

/** A classified failure of a connection test or a mail send: a stable code, a stage and a fix. */
export class SmtpFailure extends Error {
  override readonly name = 'SmtpFailure';
  /** Stable code to branch on. */
  readonly code: SmtpErrorCode;
  /** The step where it happened. */
  readonly stage: TestStageName;
  /** The server's reply, when it gave one. */
  readonly serverReply?: string;
  /** What the admin should do about it. */
  readonly hint: string;
  /** Whether trying again later may work. */
  readonly transient: boolean;

  constructor(code: SmtpErrorCode, message: string, details: SmtpFailureDetails) {
    super(message, { cause: details.cause });
    this.code = code;
    this.stage = details.stage;
    if (details.serverReply !== undefined) this.serverReply = details.serverReply;
    this.hint = details.hint ?? HINTS[code];
    this.transient = details.transient ?? false;
  }

  /** The failure as `POST /test` reports it. */
  toTestFailure(): TestFailure {
    return {
      code: this.code,
      stage: this.stage,
      message: this.message,
      ...(this.serverReply !== undefined && { serverReply: this.serverReply }),
      hint: this.hint,
    };
  }
}
