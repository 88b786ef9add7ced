import type { ErrorCode, ErrorResponse } from '@smtp-settings/schema';

/** What an {@link ApiRequestError} carries besides its status, code and message: the adapter's `ErrorResponse` parts. */
export type ApiRequestErrorDetails = Pick<
  ErrorResponse['error'],
  'messageKey' | 'params' | 'fields' | 'fieldKeys'
>;

/** A request to the adapter that failed: the adapter's own `{ error: { code, message, fields? } }`, or why none came. */
export class ApiRequestError extends Error {
  /** HTTP status of the answer; `0` when no answer arrived. */
  readonly status: number;
  /** Stable code to branch on; `INTERNAL_ERROR` when the answer was not the adapter's JSON. */
  readonly code: ErrorCode;
  /** Field path → message, for errors that belong to form fields. */
  readonly fields?: Record<string, string>;
  /** The message's key, params and the keys of field messages, for a translation (see `ErrorResponse`). */
  readonly text: Omit<ApiRequestErrorDetails, 'fields'>;

  /** Builds the error from its parts; prefer {@link ApiRequestError.fromResponse} and {@link ApiRequestError.unreachable}. */
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    { fields, ...text }: ApiRequestErrorDetails = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    if (fields !== undefined) this.fields = fields;
    this.text = text;
  }

  /** Reads the error body of a non-2xx answer; an answer that is not the adapter's JSON (a proxy page, an HTML 404) becomes `INTERNAL_ERROR`. */
  static async fromResponse(response: Response): Promise<ApiRequestError> {
    const body: unknown = await response.json().catch(() => undefined);
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      // A key `strings` lacks, or none, leaves the English as it came.
      const { fields, messageKey, params, fieldKeys } = error as ApiRequestErrorDetails;
      return new ApiRequestError(response.status, error.code as ErrorCode, error.message, {
        fields: isRecord(fields) ? fields : undefined,
        messageKey,
        params: isRecord(params) ? params : undefined,
        fieldKeys,
      });
    }
    return new ApiRequestError(
      response.status,
      'INTERNAL_ERROR',
      `The mail settings server answered ${describeStatus(response)} without an explanation. Check that the widget's endpoint points at the smtp-settings adapter, then try again.`,
    );
  }

  /** The error for a 2xx answer whose body is not the JSON the adapter sends, typically a wrong endpoint served by the host's HTML fallback. */
  static unexpectedBody(response: Response, cause?: unknown): ApiRequestError {
    return new ApiRequestError(
      response.status,
      'INTERNAL_ERROR',
      `The mail settings server at ${response.url || 'the configured endpoint'} did not answer as the smtp-settings adapter does. Check the widget's endpoint.`,
      {},
      cause,
    );
  }

  /** The error for a request that got no answer at all: offline, DNS, a refused connection or a CORS refusal. */
  static unreachable(cause: unknown): ApiRequestError {
    return new ApiRequestError(
      0,
      'INTERNAL_ERROR',
      'Could not reach the mail settings server. Check your network connection and try again.',
      {},
      cause,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describeStatus(response: Response): string {
  return response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
}
