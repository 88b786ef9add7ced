import type { LibraryFailure } from '../library-failure.js';

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
