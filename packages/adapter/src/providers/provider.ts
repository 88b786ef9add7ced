import type { OAuthErrorCode } from '@smtp-settings/schema';

/** What the adapter passes to build the URL that sends the admin to the provider's sign-in and consent page. */
export interface AuthorizeRequest {
  /** The app registration's client ID. */
  clientId: string;
  /** The app registration's client secret; MSAL wants it to build its application even for the URL. */
  clientSecret: string;
  /** Microsoft only: the directory (tenant) ID or a verified domain; defaults to `common`. */
  tenantId?: string;
  /** Where the provider sends the admin back to, exactly as registered (the "Fallback URL"). */
  redirectUri: string;
  /** The anti-forgery value the callback must bring back unchanged. */
  state: string;
  /** The S256 challenge (base64url SHA-256) of the code verifier the caller made and kept. */
  codeChallenge: string;
  /** The mailbox to preselect on the sign-in page; Microsoft then shows no account picker. */
  loginHint?: string;
}

/** What the adapter passes to redeem the authorization code the callback received. */
export interface CodeRedemption {
  /** The app registration's client ID. */
  clientId: string;
  /** The app registration's client secret. */
  clientSecret: string;
  /** Microsoft only: the tenant the URL was built for; defaults to `common`. */
  tenantId?: string;
  /** The same redirect URI the authorize URL carried; providers refuse any other. */
  redirectUri: string;
  /** The authorization code from the callback. */
  code: string;
  /** The verifier whose challenge the authorize URL carried. */
  codeVerifier: string;
}

/** What a successful authorization yields. */
export interface OAuthGrant {
  /** The refresh token to save, from which access tokens for SMTP are minted. */
  refreshToken: string;
  /** The signed-in mailbox: the ID token's `email`, else `preferred_username`, else `upn`. */
  account: string;
  /** The scopes the provider says it granted. */
  scopes: string[];
  /** When the tokens were received. */
  obtainedAt: Date;
  /** When the refresh token stops working, if the provider says (Google apps in Testing status: after 7 days). */
  refreshTokenExpiresAt?: Date;
}

/** Optional dependencies of a code redemption. */
export interface RedemptionOptions {
  /** Current time, replaceable in tests; defaults to the system clock. */
  clock?: () => Date;
}

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
