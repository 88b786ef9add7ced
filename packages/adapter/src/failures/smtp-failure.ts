import type {
  ServerTextKey,
  ServerTextParams,
  SmtpErrorCode,
  TestFailure,
  TestStageName,
} from '@smtp-settings/schema';
import { englishText } from './server-text.js';

/** Details of an {@link SmtpFailure} beyond its code and message. */
export interface SmtpFailureDetails {
  /** The step where it happened. */
  stage: TestStageName;
  /** The values of the message's and the hint's placeholders (a host, a port, a limit…). */
  params?: ServerTextParams | undefined;
  /** The server's reply, if it gave one; secrets never reach it (the client sends them, the server never echoes). */
  serverReply?: string;
  /** A fix more specific than the code's default hint, e.g. for a recognised Microsoft or Gmail reply. */
  hint?: ServerTextKey | undefined;
  /** Whether trying again later may work (4xx replies, dropped connections), for the mailer's retries. */
  transient?: boolean;
  /** How long the server asked to wait before trying again (Microsoft Graph's `Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
  /** The underlying error, kept for logs by name only. */
  cause?: unknown;
}

/**
 * A classified failure of a connection test or a mail send: a stable code, a stage and a fix, each text
 * written from its `SERVER_TEXTS` key and params.
 */
export class SmtpFailure extends Error {
  override readonly name = 'SmtpFailure';
  /** Stable code to branch on. */
  readonly code: SmtpErrorCode;
  /** The step where it happened. */
  readonly stage: TestStageName;
  /** The server's reply, when it gave one. */
  readonly serverReply?: string;
  /** The message's key. */
  readonly messageKey: ServerTextKey;
  /** The hint's key: the details' one, or the code's default. */
  readonly hintKey: ServerTextKey;
  /** The values of the message's and the hint's placeholders. */
  readonly params: ServerTextParams;
  /** What the admin should do about it, in English. */
  readonly hint: string;
  /** Whether trying again later may work. */
  readonly transient: boolean;
  /** How long the server asked to wait before trying again, in ms, when it said. */
  readonly retryAfterMs?: number;

  constructor(code: SmtpErrorCode, messageKey: ServerTextKey, details: SmtpFailureDetails) {
    const params = details.params ?? {};
    super(englishText(messageKey, params), { cause: details.cause });
    this.code = code;
    this.stage = details.stage;
    this.messageKey = messageKey;
    this.params = params;
    if (details.serverReply !== undefined) this.serverReply = details.serverReply;
    this.hintKey = details.hint ?? `hint.${code}`;
    this.hint = englishText(this.hintKey, params);
    this.transient = details.transient ?? false;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** The same failure with more params (the step's elapsed time, the port), its texts written again. */
  withParams(params: ServerTextParams): SmtpFailure {
    return new SmtpFailure(this.code, this.messageKey, {
      stage: this.stage,
      params: { ...this.params, ...params },
      hint: this.hintKey,
      transient: this.transient,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
      ...(this.serverReply !== undefined && { serverReply: this.serverReply }),
    });
  }

  /** The failure as `POST /test` reports it. */
  toTestFailure(): TestFailure {
    return {
      code: this.code,
      stage: this.stage,
      message: this.message,
      messageKey: this.messageKey,
      ...(this.serverReply !== undefined && { serverReply: this.serverReply }),
      hint: this.hint,
      hintKey: this.hintKey,
      ...(Object.keys(this.params).length > 0 && { params: this.params }),
    };
  }
}
