import type { OAuthErrorCode, ServerTextKey } from '@smtp-settings/schema';

/** A known cause of a failed sign-in: its stable code, what happened and the fix, by their keys. */
export interface Diagnosis {
  /** The code the widget branches on. */
  code: OAuthErrorCode;
  /** What happened: a text with the provider's codes (`{codes}`) in parentheses. */
  message: ServerTextKey;
  /** What the admin should do about it (it may name the redirect URI, `{redirectUri}`). */
  hint: ServerTextKey;
}

/**
 * The parts of sign-in and token errors that differ per provider — its name, the fixes in its console,
 * its own error numbers — so the shared wording (`sign-in-errors.ts`, `token-failure.ts`) needs no
 * provider branch. Each provider's `errors.ts` holds its table.
 *
 * @example
 * ```ts
 * throw oauthFlowError(GOOGLE_ERRORS, { error: 'access_denied' }, redirectUri);
 * ```
 */
export interface ProviderErrorTable {
  /** The provider's name as an admin reads it, e.g. `Google`. */
  label: string;
  /** The fix when the provider refused the client ID or secret at sign-in (`invalid_client`). */
  clientInvalidHint: ServerTextKey;
  /** The fix when the token endpoint refused to mint (`TOKEN_FAILED`): the fields to check and where, by its key. */
  tokenFailedHint: ServerTextKey;
  /** The fix for a redirect URI that the app registration does not list (`redirect_uri_mismatch`), naming it. */
  redirectMismatchHint: ServerTextKey;
  /** The fix for a sign-in that issued no refresh token. */
  noRefreshTokenHint: ServerTextKey;
  /** The provider's own error numbers, which say more than its generic OAuth `error` (Microsoft: AADSTS). */
  errorNumbers?: ErrorNumbers;
}

/** A provider's own error numbers, such as Microsoft's AADSTS numbers. */
export interface ErrorNumbers {
  /** How a number is written in messages, e.g. `AADSTS7000215`. */
  name(number: string): string;
  /** The number an error description starts with or names, if any. */
  find(description: string): string | undefined;
  /** Diagnoses of known numbers, looked up before the OAuth `error`. */
  known: Readonly<Record<string, Diagnosis>>;
  /** The fix for a number the table does not know, saying where the provider explains it (`{number}`). */
  unknownHint: ServerTextKey;
}
