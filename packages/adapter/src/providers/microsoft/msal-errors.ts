import type { LibraryFailure } from '../library-failure.js';

const MSAL_NETWORK_ERROR_CODES = new Set([
  'network_error',
  'endpoints_resolution_error',
  'no_network_connectivity',
]);

/** Reads an MSAL error; MSAL's own message is not reused, it carries trace and correlation IDs. */
export function readMsalError(error: unknown): LibraryFailure {
  const { name, errorCode, errorMessage, errorNo, status } = (error ?? {}) as Record<string, unknown>;
  const code = typeof errorCode === 'string' && errorCode !== '' ? errorCode : undefined;
  // ServerError and InteractionRequiredAuthError carry the endpoint's answer; client errors do not.
  if (name !== 'ServerError' && name !== 'InteractionRequiredAuthError') {
    if (!code || MSAL_NETWORK_ERROR_CODES.has(code) || name === 'NetworkError') {
      return { kind: 'unreachable', reason: code };
    }
    return { kind: 'client', reason: code };
  }
  const text = typeof errorMessage === 'string' ? errorMessage : '';
  // ServerError wraps the description as "Error(s): … - Description: AADSTS…: … - Correlation ID: …".
  const description = /- Description: ([\s\S]*?) - Correlation ID:/.exec(text)?.[1] ?? text;
  // `errorNo` is the answer's `error_codes[0]`, a JSON number despite MSAL's string type.
  const number =
    (typeof errorNo === 'string' || typeof errorNo === 'number') && String(errorNo) !== ''
      ? String(errorNo)
      : /AADSTS(\d+)/.exec(description)?.[1];
  return {
    kind: 'refused',
    refusal: {
      ...(code !== undefined && { error: code }),
      ...(number !== undefined && { errorNumber: number }),
      ...(description !== '' && { description }),
      ...(typeof status === 'number' && { status }),
    },
  };
}
