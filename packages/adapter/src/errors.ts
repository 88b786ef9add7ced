import type { ErrorCode, ErrorResponse, ServerNotice, ServerTextKey } from '@smtp-settings/schema';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error the adapter throws on purpose: a stable `code`, an HTTP status, a message an admin
 * can act on (with its key and params, for a translation) and, for bad input, the message of each
 * offending field. Never carries input values.
 *
 * @example
 * throw new ApiError(404, 'NOT_FOUND', notice('error.deliveryNotFound'));
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The message as a server text (its English, key and params), when it was written from one. */
  readonly notice?: ServerNotice;

  constructor(
    /** HTTP status the error answers with. */
    readonly status: ContentfulStatusCode,
    /** Stable machine-readable code clients branch on. */
    readonly code: ErrorCode,
    text: string | ServerNotice,
    /** Field path → message (a `FIELD_MESSAGES` text, or a server text), for errors that belong to form fields. */
    readonly fields?: Readonly<Record<string, string | ServerNotice>>,
  ) {
    super(typeof text === 'string' ? text : text.message);
    if (typeof text !== 'string') this.notice = text;
  }

  /** The JSON body every error response has; keyed texts' params travel together in `params`. */
  toResponseBody(): ErrorResponse {
    const fieldNotices = Object.entries(this.fields ?? {}).flatMap(([field, text]) =>
      typeof text === 'string' ? [] : [[field, text] as const],
    );
    const params = Object.assign({}, this.notice?.params, ...fieldNotices.map(([, text]) => text.params));
    const fieldKeys: Record<string, ServerTextKey> = Object.fromEntries(
      fieldNotices.map(([field, text]) => [field, text.messageKey]),
    );
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.notice && { messageKey: this.notice.messageKey }),
        ...(Object.keys(params).length > 0 && { params }),
        ...(this.fields && {
          fields: Object.fromEntries(
            Object.entries(this.fields).map(([field, text]) => [
              field,
              typeof text === 'string' ? text : text.message,
            ]),
          ),
        }),
        ...(fieldNotices.length > 0 && { fieldKeys }),
      },
    };
  }
}
