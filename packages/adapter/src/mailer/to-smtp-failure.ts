import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyError } from '../smtp/classify-error.js';

/**
 * Turns whatever a send or verify threw into an {@link SmtpFailure}: our own failures as they are (a
 * token failure travels through nodemailer as the `cause` of its EAUTH error), nodemailer's through
 * `classifyError`, which reads the stage from the failed command; `port` is the one in use, for hints,
 * and `appMailbox` the mailbox of a login with the app's own token (see `appLoginMailbox`).
 */
export function toSmtpFailure(error: unknown, port: number, appMailbox?: string): SmtpFailure {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (error instanceof SmtpFailure || cause instanceof SmtpFailure) {
    return (error instanceof SmtpFailure ? error : (cause as SmtpFailure)).withParams({ port });
  }
  return classifyError(error, 'send', { port, appMailbox });
}
