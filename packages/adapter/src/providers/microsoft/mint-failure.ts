import type { SmtpFailure } from '../../failures/smtp-failure.js';
import { DeadlineExceededError } from '../deadline.js';
import { tokenFailed, tokenRefused, tokenTimedOut, tokenUnreachable } from '../token-failure.js';
import { MICROSOFT_ERRORS, microsoftTokenHint } from './errors.js';
import { readMsalError } from './msal-errors.js';

// Expired (70008, 700082), revoked or password changed (50173), unusable grant (70000).
const REVOKED_ERROR_NUMBERS = new Set(['70000', '70008', '700082', '50173']);

/** What a failed mint asked for, so its failure names the right fix. */
export interface MintAttempt {
  /** The scope the token was asked for, which a refusal's fix may name. */
  scope: string;
  /** Whether it redeemed a refresh token, which a refusal may have declared dead; client credentials have none. */
  fromRefreshToken: boolean;
  /** Values never repeated, even when Microsoft echoes them. */
  secrets: readonly (string | undefined)[];
}

/**
 * The minting failure for an MSAL error, built from the parts of its answer that are safe to repeat: a
 * deadline or no answer is `TOKEN_ENDPOINT_UNREACHABLE` (transient), a dead refresh token `TOKEN_REVOKED`,
 * any other refusal `TOKEN_FAILED` with the fix for its AADSTS number when one is known.
 */
export function microsoftMintFailure(error: unknown, attempt: MintAttempt): SmtpFailure {
  if (error instanceof DeadlineExceededError) return tokenTimedOut(MICROSOFT_ERRORS, error.timeoutMs);
  const failure = readMsalError(error);
  if (failure.kind === 'unreachable') return tokenUnreachable(MICROSOFT_ERRORS, failure.reason);
  if (failure.kind === 'client') {
    return tokenFailed(MICROSOFT_ERRORS, 'failure.msalFailed', { reason: failure.reason ?? 'error' });
  }
  const { refusal } = failure;
  const revoked =
    attempt.fromRefreshToken &&
    (refusal.error === 'invalid_grant' ||
      (refusal.errorNumber !== undefined && REVOKED_ERROR_NUMBERS.has(refusal.errorNumber)));
  return tokenRefused(MICROSOFT_ERRORS, refusal, {
    revoked,
    secrets: attempt.secrets,
    hint: microsoftTokenHint(refusal),
    params: { scope: attempt.scope },
  });
}
