import type { ProviderRefusal } from './token-failure.js';

/**
 * What a failed MSAL or gaxios call says about its cause, reduced to parts that are safe to repeat: the
 * errors themselves are never kept, as they carry the request (body with secrets, trace IDs) along.
 */
export type LibraryFailure =
  /** The provider answered with an OAuth error. */
  | { kind: 'refused'; refusal: ProviderRefusal }
  /** No answer came: DNS, connection, TLS or timeout; `reason` is the library's code, e.g. `ECONNREFUSED`. */
  | { kind: 'unreachable'; reason?: string }
  /** The library gave up before or after asking, e.g. `openid_config_error`; `reason` is its error code. */
  | { kind: 'client'; reason?: string };

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

/** Reads a gaxios error (google-auth-library) without keeping it: its `config` holds the request body. */
export function readGaxiosError(error: unknown): LibraryFailure {
  const { response, code } = (error ?? {}) as {
    response?: { status?: number; data?: unknown };
    code?: unknown;
  };
  if (!response) return { kind: 'unreachable', reason: typeof code === 'string' ? code : undefined };
  const data = (typeof response.data === 'object' && response.data) || {};
  const { error: oauthError, error_description: description } = data as Record<string, unknown>;
  return {
    kind: 'refused',
    refusal: {
      ...(typeof oauthError === 'string' && { error: oauthError }),
      ...(typeof description === 'string' && { description }),
      ...(response.status !== undefined && { status: response.status }),
    },
  };
}
