import type { ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import { englishText } from '../../failures/server-text.js';

/**
 * Why the probe's own SMTP client gave up, in nodemailer's vocabulary where it has a word for it:
 * `ETIMEDOUT` (no answer in time, or the test ran out of time), `ECONNECTION` (the server closed the
 * connection), `EPROTOCOL` (the server sent something that is not SMTP) and `ETLSEXPECTED` (the port
 * answers a TLS handshake but sent no plain-text greeting).
 */
export type ProbeErrorCode = 'ETIMEDOUT' | 'ECONNECTION' | 'EPROTOCOL' | 'ETLSEXPECTED';

/** An error of the probe's SMTP client; its message is written by us, from `SERVER_TEXTS`, and safe to show. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';

  constructor(
    /** What went wrong, for `classifyError`. */
    readonly code: ProbeErrorCode,
    /** The message's key, which the classified failure keeps. */
    readonly messageKey: ServerTextKey,
    /** The values of the message's placeholders. */
    readonly params: ServerTextParams = {},
    /** What the server sent, already cleaned, when that is the problem. */
    readonly response?: string,
  ) {
    super(englishText(messageKey, params));
  }
}
