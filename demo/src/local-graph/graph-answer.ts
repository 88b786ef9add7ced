import { randomUUID } from 'node:crypto';

/** One answer of the local Graph: status, JSON body (none for 202) and extra headers. */
export interface GraphAnswer {
  /** The HTTP status. */
  status: number;
  /** The JSON body, if any. */
  body?: unknown;
  /** Headers besides `Content-Type`, such as `Retry-After` and an error's `request-id`. */
  headers?: Record<string, string>;
}

/**
 * An error as Microsoft Graph answers it: `{ error: { code, message, innerError } }`, the inner error
 * carrying the date and request IDs a support case asks for, the `request-id` header the same ID.
 *
 * @example
 * graphError(404, 'ErrorInvalidUser', "The requested user 'x@contoso.example' is invalid.");
 */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): GraphAnswer {
  const requestId = randomUUID();
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString(),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
    headers: { 'request-id': requestId, ...headers },
  };
}
