import type { ErrorCode, ErrorResponse } from '@smtp-settings/schema';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error the adapter throws on purpose: a stable `code`, an HTTP status, a message an admin
 * can act on and, for bad input, the message of each offending field. Never carries input values.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status the error answers with. */
    readonly status: ContentfulStatusCode,
    /** Stable machine-readable code clients branch on. */
    readonly code: ErrorCode,
    message: string,
    /** Field path → message, for errors that belong to form fields. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  /** The JSON body every error response has. */
  toResponseBody(): ErrorResponse {
    return { error: { code: this.code, message: this.message, ...(this.fields && { fields: this.fields }) } };
  }
}
