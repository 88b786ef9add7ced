import type {
  OAuthProvider,
  OAuthSettings,
  Security,
  SendingMethod,
  ServerNotice,
  SignIn,
} from '@smtp-settings/schema';
import type * as v from 'valibot';
import type { OAuthFlowError } from './oauth-flow-error.js';

/**
 * One OAuth provider behind "Get Refresh Token" and XOAUTH2 sending, bound to its configured endpoints:
 * everything that differs between Microsoft and Google lives behind this shape, in `providers/<name>/`,
 * so the flow, the Test and the mailer never ask which provider they talk to. Its library (MSAL,
 * google-auth-library) is loaded on first use.
 *
 * @example
 * ```ts
 * const providers = resolveProviders({ tokenTimeoutMs: 5_000 });
 * const provider = providers[settings.provider];
 * const url = await provider.authorizeUrl({ clientId, clientSecret, redirectUri, state, codeChallenge });
 * const { accessToken, refreshToken } = await provider.mintAccessToken(settings);
 * const { host, port, security } = provider.smtp;
 * ```
 */
export interface Provider extends ProviderProfile {
  /** The SMTP submission server its access tokens log in to. */
  readonly smtp: SmtpEndpoint;
  /** Microsoft only: where Microsoft Graph is, for settings whose sending method is `graph`. */
  readonly graph?: GraphEndpoint;
  /** The scopes "Get Refresh Token" asks for: sending mail over SMTP, a refresh token, the signed-in mailbox. */
  readonly scopes: readonly string[];
  /** How long one of its calls to the token endpoint may take, in milliseconds (`providers.tokenTimeoutMs`). */
  readonly tokenTimeoutMs: number;
  /**
   * The URL that sends the admin to the provider's sign-in and consent page.
   *
   * @throws OAuthFlowError when the provider cannot be asked (Microsoft first loads the tenant's configuration).
   */
  authorizeUrl(request: AuthorizeRequest): Promise<string>;
  /**
   * Redeems the code the callback received for a refresh token and the signed-in mailbox.
   *
   * @throws OAuthFlowError with the provider's reason and the fix.
   */
  redeem(redemption: CodeRedemption, options?: RedemptionOptions): Promise<OAuthGrant>;
  /**
   * Mints an access token for the settings' sending method (SMTP, or Microsoft Graph) from their refresh
   * token, with the rotated refresh token when the provider issued one, or for Application sign-in from
   * the client credentials alone; gives up after `providers.tokenTimeoutMs`.
   *
   * @throws SmtpFailure `TOKEN_REVOKED`, `TOKEN_ENDPOINT_UNREACHABLE` (transient) or `TOKEN_FAILED`;
   * messages never hold a secret.
   */
  mintAccessToken(settings: MintRequest): Promise<MintedAccessToken>;
  /** Turns the `error` the provider sent to the callback into a failure with the fix. */
  callbackError(answer: ProviderErrorAnswer, redirectUri: string): OAuthFlowError;
}

/** Every provider by the `provider` of its settings, bound to its endpoints: what `resolveProviders` returns. */
export type Providers = Readonly<Record<OAuthProvider, Provider>>;

/**
 * What a provider says and asks for whatever its endpoints: its name, the fields of its app registration,
 * and its advice on settings, so stored settings can be judged without resolving any endpoint.
 */
export interface ProviderProfile {
  /** The provider's name as an admin reads it in a message, e.g. `Microsoft`. */
  readonly label: string;
  /** The fields that name its app registration when "Get Refresh Token" starts, beside the client secret. */
  readonly appFields: AppFields;
  /** The warning for a token whose signed-in `account` is not the From Email, naming the right to grant and where. */
  sendAsWarning(account: string, fromEmail: string): ServerNotice;
  /** A warning for Basic settings on the provider's own mail server (`host`), which it retires or restricts; `undefined` for other hosts. */
  basicAuthWarning(host: string): ServerNotice | undefined;
  /** How long the provider lets a refresh token go unused before it lapses, in ms, as it documents it (the lower bound where it gives a range). */
  readonly idleLapseMs: number;
}

/** The schemas of an app registration's fields in the start request of "Get Refresh Token". */
export interface AppFields {
  /** The app registration's client ID, in the provider's format. */
  clientId: v.GenericSchema<string, string>;
  /** The directory (tenant) the app signs in to; a provider without tenants refuses the field as unknown. */
  tenantId: v.GenericSchema<unknown, string | undefined>;
  /** How the settings will send, which decides the permission asked for; a provider with one way refuses the field as unknown. */
  sendingMethod: v.GenericSchema<unknown, SendingMethod | undefined>;
}

/** Where a provider's mail server listens and how to connect to it. */
export interface SmtpEndpoint {
  /** Host name of the submission server. */
  host: string;
  /** Port of the submission server. */
  port: number;
  /** Connection security: `'tls'` (implicit TLS), `'starttls'` or `'none'`. */
  security: Security;
}

/**
 * What minting reads from saved OAuth settings: the app registration, its tenant, the refresh token, and
 * (Microsoft) the sending method and sign-in, which decide the token's audience and grant.
 */
export type MintRequest = Pick<OAuthSettings, 'clientId' | 'clientSecret' | 'refreshToken'> & {
  /** Microsoft only: the directory (tenant) ID or a verified domain. */
  tenantId?: string;
  /** Microsoft only: `graph` mints for Microsoft Graph instead of SMTP; absent means `smtp`. */
  sendingMethod?: SendingMethod | undefined;
  /** Microsoft only: `application` mints with the client credentials (no refresh token); absent means `delegated`. */
  signIn?: SignIn | undefined;
};

/** Where Microsoft Graph answers and how long one of its requests may take. */
export interface GraphEndpoint {
  /** Origin of Microsoft Graph without a trailing slash, e.g. `https://graph.microsoft.com` (US Government: `https://graph.microsoft.us`). */
  origin: string;
  /** How long one Graph request may take in all, in ms (`providers.microsoft.graph.timeoutMs`). */
  timeoutMs: number;
}

/** What minting an access token from a refresh token yields. */
export interface MintedAccessToken {
  /** The bearer token for SMTP XOAUTH2. */
  accessToken: string;
  /** When the provider says the access token stops working. */
  expiresAt: Date;
  /** A new refresh token, present only when the provider rotated it; store it, the old one may stop working. */
  refreshToken?: string;
}

/** The `error` and `error_description` a provider sends to the callback or answers from its token endpoint. */
export interface ProviderErrorAnswer {
  /** The OAuth error code, e.g. `access_denied` or `invalid_client`. */
  error: string;
  /** The provider's explanation; Microsoft's starts with the AADSTS number. */
  error_description?: string;
}

/** What the adapter passes to build the URL that sends the admin to the provider's sign-in and consent page. */
export interface AuthorizeRequest {
  /** The app registration's client ID. */
  clientId: string;
  /** The app registration's client secret; MSAL wants it to build its application even for the URL. */
  clientSecret: string;
  /** Microsoft only: the directory (tenant) ID or a verified domain; defaults to `common`. */
  tenantId?: string;
  /** Microsoft only: `graph` asks for Microsoft Graph's Mail.Send instead of SMTP.Send; absent means `smtp`. */
  sendingMethod?: SendingMethod | undefined;
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
  /** Microsoft only: the sending method the URL asked permission for; the code is redeemed for the same scopes. */
  sendingMethod?: SendingMethod | undefined;
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
