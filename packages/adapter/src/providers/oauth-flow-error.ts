import type { OAuthErrorCode, ServerTextKey, ServerTextParams, SignInFailure } from '@smtp-settings/schema';
import { englishText } from '../failures/server-text.js';

/** Details of an {@link OAuthFlowError} beyond its code and message. */
export interface OAuthFlowErrorDetails {
  /** What the admin should do about it: its key in `SERVER_TEXTS`. */
  hint: ServerTextKey;
  /** The values of the message's and the hint's placeholders (the provider's name, its codes…). */
  params?: ServerTextParams;
  /** The provider's own error code, e.g. `invalid_client` or `AADSTS7000215`. */
  providerError?: string;
}

/**
 * A failed authorization with a stable code and a fix, each text written from its `SERVER_TEXTS` key and
 * params; its message and hint never hold a secret.
 */
export class OAuthFlowError extends Error {
  override readonly name = 'OAuthFlowError';
  /** Stable code to branch on. */
  readonly code: OAuthErrorCode;
  /** The message's key. */
  readonly messageKey: ServerTextKey;
  /** What the admin should do about it, in English. */
  readonly hint: string;
  /** The hint's key. */
  readonly hintKey: ServerTextKey;
  /** The values of the message's and the hint's placeholders. */
  readonly params: ServerTextParams;
  /** The provider's own error code, e.g. `invalid_client` or `AADSTS7000215`, for support requests. */
  readonly providerError?: string;

  constructor(code: OAuthErrorCode, messageKey: ServerTextKey, details: OAuthFlowErrorDetails) {
    const params = details.params ?? {};
    super(englishText(messageKey, params));
    this.code = code;
    this.messageKey = messageKey;
    this.hint = englishText(details.hint, params);
    this.hintKey = details.hint;
    this.params = params;
    if (details.providerError !== undefined) this.providerError = details.providerError;
  }

  /** The failure as a sign-in's flow reports it. */
  toSignInFailure(): SignInFailure {
    return {
      code: this.code,
      message: this.message,
      messageKey: this.messageKey,
      hint: this.hint,
      hintKey: this.hintKey,
      ...(Object.keys(this.params).length > 0 && { params: this.params }),
    };
  }
}
