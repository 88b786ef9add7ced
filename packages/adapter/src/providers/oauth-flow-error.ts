import type { OAuthErrorCode } from '@smtp-settings/schema';

/** Details of an {@link OAuthFlowError} beyond its code and message. */
export interface OAuthFlowErrorDetails {
  /** What the admin should do about it. */
  hint: string;
  /** The provider's own error code, e.g. `invalid_client` or `AADSTS7000215`. */
  providerError?: string;
}

/** A failed authorization with a stable code and a fix; its message and hint never hold a secret. */
export class OAuthFlowError extends Error {
  override readonly name = 'OAuthFlowError';
  /** Stable code to branch on. */
  readonly code: OAuthErrorCode;
  /** What the admin should do about it. */
  readonly hint: string;
  /** The provider's own error code, e.g. `invalid_client` or `AADSTS7000215`, for support requests. */
  readonly providerError?: string;

  constructor(code: OAuthErrorCode, message: string, details: OAuthFlowErrorDetails) {
    super(message);
    this.code = code;
    this.hint = details.hint;
    if (details.providerError !== undefined) this.providerError = details.providerError;
  }
}
