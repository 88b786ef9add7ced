import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyError } from '../smtp/classify-error.js';

/**
 * Turns whatever a send or verify threw into an {@link SmtpFailure}: our own failures as they are (a
 * token failure travels through nodemailer as the `cause` of its EAUTH error), nodemailer's through
 * `classifyError`, which reads the stage from the failed command.
 */
export function toSmtpFailure(error: unknown): SmtpFailure {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (!(error instanceof SmtpFailure) && cause instanceof SmtpFailure) return cause;
  return classifyError(error, 'send');
}
