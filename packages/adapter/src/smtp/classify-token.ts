import { SmtpFailure } from '../failures/smtp-failure.js';

/**
 * Classifies a failure to get an OAuth access token as the failure of `stage` (`auth` over SMTP, `token`
 * through Microsoft Graph): an {@link SmtpFailure} the token source threw (such as `TOKEN_REVOKED`) keeps
 * its code, anything else is `TOKEN_FAILED` whose `cause` keeps only the error's name.
 */
export function classifyTokenError(error: unknown, stage: 'auth' | 'token' = 'auth'): SmtpFailure {
  if (error instanceof SmtpFailure) {
    if (error.stage === stage) return error;
    return new SmtpFailure(error.code, error.messageKey, {
      stage,
      params: error.params,
      hint: error.hintKey,
      transient: error.transient,
      retryAfterMs: error.retryAfterMs,
      cause: error,
      ...(error.serverReply !== undefined && { serverReply: error.serverReply }),
    });
  }
  // Token library errors can carry the request that failed (gaxios keeps the refresh token and client
  // secret in `config.data`), so only the error's name survives.
  const name = error instanceof Error ? error.name : typeof error;
  return new SmtpFailure('TOKEN_FAILED', 'failure.noAccessToken', {
    stage,
    cause: { name },
  });
}
