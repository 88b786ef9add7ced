import type { ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import { SmtpFailure } from '../failures/smtp-failure.js';
import type { ProviderErrorTable } from './error-table.js';
import type { ProviderRefusal } from './library-failure.js';

const MAX_DESCRIPTION = 160;

/** The failure for OAuth settings that have no refresh token yet (consent was never given). */
export function missingRefreshToken({ label }: ProviderErrorTable): SmtpFailure {
  return new SmtpFailure('TOKEN_REVOKED', 'failure.noRefreshToken', {
    stage: 'auth',
    params: { provider: label },
    hint: 'hint.refreshTokenMissing',
  });
}

/** How {@link tokenRefused} words a refusal. */
export interface RefusalWording {
  /** Whether the refresh token is dead, so the fix is a new one. */
  revoked: boolean;
  /** Values never repeated, even when the provider echoes them. */
  secrets: readonly (string | undefined)[];
  /** A fix more specific than the provider's `tokenFailedHint`, e.g. for a known error number. */
  hint?: ServerTextKey | undefined;
  /** Values the hint names besides the provider and the reason, e.g. the scope asked for. */
  params?: ServerTextParams;
}

/**
 * The failure for a token endpoint that refused: `TOKEN_REVOKED` when the refresh token is dead,
 * `TOKEN_FAILED` otherwise; the message names the provider's error code and never a value from `secrets`.
 */
export function tokenRefused(
  table: ProviderErrorTable,
  refusal: ProviderRefusal,
  { revoked, secrets, hint, params }: RefusalWording,
): SmtpFailure {
  const { errorNumber } = refusal;
  const number = errorNumber && (table.errorNumbers?.name(errorNumber) ?? errorNumber);
  const code = [refusal.error, number].filter(Boolean).join(', ');
  const description = refusal.description ? safeDescription(refusal.description, secrets) : '';
  const detail = [code || `HTTP ${refusal.status ?? 'error'}`, description].filter(Boolean).join(': ');
  if (revoked) {
    return new SmtpFailure('TOKEN_REVOKED', 'failure.refreshTokenRefused', {
      stage: 'auth',
      params: { provider: table.label, reason: detail },
    });
  }
  return tokenFailed(table, 'failure.accessTokenRefused', { ...params, reason: detail }, hint);
}

/** `TOKEN_FAILED` with the provider's fix (or `hint`): the token endpoint answered, but with no usable token. */
export function tokenFailed(
  { label, tokenFailedHint }: ProviderErrorTable,
  message: ServerTextKey,
  params: ServerTextParams,
  hint: ServerTextKey = tokenFailedHint,
): SmtpFailure {
  return new SmtpFailure('TOKEN_FAILED', message, {
    stage: 'auth',
    params: { provider: label, ...params },
    hint,
  });
}

/** The failure for a token endpoint that could not be reached at all, e.g. `ECONNREFUSED`. */
export function tokenUnreachable({ label }: ProviderErrorTable, reason: string | undefined): SmtpFailure {
  return reason
    ? endpointFailure('failure.tokenEndpointUnreachableReason', { provider: label, reason })
    : endpointFailure('failure.tokenEndpointUnreachable', { provider: label });
}

/** The failure for a token endpoint that did not answer before the deadline (`providers.tokenTimeoutMs`). */
export function tokenTimedOut({ label }: ProviderErrorTable, timeoutMs: number): SmtpFailure {
  return endpointFailure('failure.tokenEndpointTimeout', { provider: label, limitMs: timeoutMs });
}

/** `TOKEN_ENDPOINT_UNREACHABLE`: transient, since nothing is wrong with the settings and a later try may pass. */
function endpointFailure(message: ServerTextKey, params: ServerTextParams): SmtpFailure {
  return new SmtpFailure('TOKEN_ENDPOINT_UNREACHABLE', message, {
    stage: 'auth',
    params,
    hint: 'hint.tokenEndpoint',
    transient: true,
  });
}

/**
 * The first sentence of a provider's error description with every value of `secrets` cut out, fit to
 * repeat in a message: descriptions can echo request parameters and carry trace IDs on further lines.
 */
export function safeDescription(description: string, secrets: readonly (string | undefined)[]): string {
  // Flow records keep the message: control characters and half surrogate pairs (also from the cut) cannot be stored.
  return firstSentence(redact(description, secrets))
    .replace(/\p{Cs}/gu, '')
    .replace(/\p{Cc}+/gu, ' ');
}

/** Provider descriptions can echo request parameters, so every known secret is cut out before we repeat one. */
function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  }
  return safe;
}

/** Microsoft appends trace and correlation IDs on further lines; the first sentence is what an admin needs. */
function firstSentence(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  const end = line.search(/\.(\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence.length > MAX_DESCRIPTION ? `${sentence.slice(0, MAX_DESCRIPTION - 1)}…` : sentence;
}
