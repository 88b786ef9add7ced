import type { SmtpSettingsDraftInput } from './draft.js';
import type { SmtpSettingsPublic } from './public-view.js';
import type { ServerNotice, ServerTextKey, ServerTextParams } from './server-texts.js';
import type { OAuthProvider, Security, SendingMethod } from './settings.js';

/** Body of `GET /settings` and of a successful `PUT /settings`. */
export interface SettingsResponse {
  /** The saved settings without secrets, or `null` when nothing is saved yet. */
  settings: SmtpSettingsPublic | null;
  /** Version to send back in `If-Match`; `0` when nothing is saved. */
  version: number;
  /** When the settings were last saved, as ISO 8601, or `null` when never. */
  updatedAt: string | null;
  /** Who last saved the settings, or `null` when never. */
  updatedBy: string | null;
  /** For OAuth settings with a refresh token: its account and health; otherwise `null`. */
  tokenHealth: TokenHealth | null;
}

/** The mailbox an OAuth refresh token belongs to, and how healthy the token is. */
export interface TokenHealth {
  /** The signed-in account (the SMTP user for XOAUTH2), when known; unknown for a token pasted by hand. */
  account?: string;
  /** Scopes the admin granted. */
  scopes: string[];
  /** When the refresh token was obtained, as ISO 8601. */
  obtainedAt?: string;
  /** When the mailer last minted an access token with it, as ISO 8601. */
  lastRefreshedAt?: string;
  /** When the provider said the refresh token stops working (Google apps in Testing status: 7 days). */
  refreshTokenExpiresAt?: string;
  /** Things to act on before mail stops: the account differs from the From Email, a token or secret expiring. */
  warnings: ServerNotice[];
}

/** Body of `PUT /settings`, sent with `If-Match: <version>` (omitted only for the first save). */
export interface PutSettingsRequest {
  /** The settings to save; omitted secrets keep their stored value. */
  settings: SmtpSettingsDraftInput;
  /** The receipt of a passing `POST /test` of these same values (or the `X-Test-Receipt` header). */
  receipt?: string;
}

/** Body of a successful `PUT /settings`. */
export type PutSettingsResponse = SettingsResponse;

/**
 * What an audit entry records: an admin's save, a connection test, the mailer saving a refresh token the
 * provider rotated, or an operator's key rotation re-sealing the same secrets with the new key.
 */
export type AuditAction = 'save' | 'test' | 'rotation' | 'reseal';

/** Where a connection test connected and how it ended; never a secret or the server's reply. */
export interface AuditTestDetails {
  /** The SMTP server: the host the admin typed, or the OAuth provider's. */
  host: string;
  /** The SMTP port. */
  port: number;
  /** `passed`, or the failure's code such as `AUTH_FAILED`. */
  outcome: 'passed' | SmtpErrorCode;
}

/** One line of the audit log: a save, rotation or re-sealing of the settings, or a connection test. */
export interface AuditEntry {
  /** What happened. */
  action: AuditAction;
  /** Version a save produced, or the one a rotation or re-sealing changed (they keep it); for a test, the version saved when it ran (0 before the first save). */
  version: number;
  /** When it happened, as ISO 8601. */
  at: string;
  /** Who did it. */
  actor: string;
  /** Names of the fields a save, rotation or re-sealing changed, never their values; empty for a test. */
  changedFields: string[];
  /** Only for a test: where it connected and how it ended. */
  test?: AuditTestDetails;
}

/** Body of `GET /settings/audit`. */
export interface AuditResponse {
  /** Saves, rotations and tests, newest first. */
  entries: AuditEntry[];
}

/** A well-known mail service whose server settings the widget can fill in. */
export interface SmtpPreset {
  /** Stable identifier, such as `office365`. */
  id: string;
  /** Name shown to the admin. */
  label: string;
  /** The label's key in `SERVER_TEXTS`, for a built-in preset whose name a translation may replace. */
  labelKey?: ServerTextKey;
  /** SMTP server name. */
  host: string;
  /** SMTP port. */
  port: number;
  /** Connection security the service expects. */
  security: Security;
  /** The user name when the service fixes it (SendGrid's literal `apikey`); filled in while the field is empty. */
  username?: string;
  /** Advice shown next to the preset, such as which authentication the service requires. */
  note?: string;
  /** The note's key in `SERVER_TEXTS`, for a built-in preset. */
  noteKey?: ServerTextKey;
}

/** Body of `GET /meta`: what the widget needs to know about this server. */
export interface MetaResponse {
  /** OAuth redirect URI to register with each provider. */
  redirectUris: Record<OAuthProvider, string>;
  /** OAuth providers this server is configured for. */
  providers: OAuthProvider[];
  /** Whether a successful connection test must precede saving. */
  requireTestBeforeSave: boolean;
  /** Presets the admin can pick from. */
  presets: SmtpPreset[];
  /** Largest request body the server accepts, in bytes. */
  maxBodyBytes: number;
}

/** Why a connection test failed, one code per cause an admin can fix. */
export const SMTP_ERROR_CODES = [
  'DNS_NOT_FOUND',
  'HOST_NOT_ALLOWED',
  'CONNECTION_REFUSED',
  'CONNECTION_LOST',
  'TIMEOUT',
  'TLS_WRONG_MODE',
  'TLS_CERT_INVALID',
  'TLS_FAILED',
  'STARTTLS_UNSUPPORTED',
  'AUTH_FAILED',
  'AUTH_MECH_UNSUPPORTED',
  'AUTH_REQUIRED',
  'SMTP_AUTH_DISABLED',
  'TOKEN_REVOKED',
  'TOKEN_FAILED',
  'TOKEN_ENDPOINT_UNREACHABLE',
  'SENDER_REJECTED',
  'RECIPIENT_REJECTED',
  'MESSAGE_REJECTED',
  'RATE_LIMITED',
  'GRAPH_ACCESS_DENIED',
  'GRAPH_POLICY_DENIED',
  'MAILBOX_NOT_FOUND',
  'MAILBOX_NOT_LICENSED',
  'SERVICE_UNAVAILABLE',
  'SMTP_ERROR',
] as const;

/** Stable code of a failed connection test or mail send. */
export type SmtpErrorCode = (typeof SMTP_ERROR_CODES)[number];

/**
 * The steps of a connection test, in the order they run: over SMTP `dns` to `send`; through Microsoft
 * Graph `token`, `mailbox` and `send`.
 */
export const TEST_STAGES = [
  'dns',
  'connect',
  'tls',
  'ehlo',
  'auth',
  'token',
  'mailbox',
  'envelope',
  'send',
] as const;

/** Name of a connection test step. */
export type TestStageName = (typeof TEST_STAGES)[number];

/** One finished step of a connection test. */
export interface TestStage {
  /** Which step. */
  name: TestStageName;
  /** Whether it succeeded. */
  ok: boolean;
  /** How long it took, in milliseconds. */
  ms: number;
  /** What the step found, for the admin: resolved addresses, TLS protocol and certificate, advertised extensions… */
  detail: string;
  /** The detail's key in `SERVER_TEXTS`. */
  detailKey: ServerTextKey;
  /** The values of the detail's placeholders. */
  params?: ServerTextParams;
  /** Set when the step had nothing to do (TLS with security None); it then counts as passed. */
  skipped?: true;
}

/** Why a connection test stopped. */
export interface TestFailure {
  /** Stable code to branch on. */
  code: SmtpErrorCode;
  /** The step that failed. */
  stage: TestStageName;
  /** What happened, in one sentence. */
  message: string;
  /** The message's key in `SERVER_TEXTS`. */
  messageKey: ServerTextKey;
  /** The server's own reply, when it gave one. */
  serverReply?: string;
  /** What to do about it, in one sentence. */
  hint: string;
  /** The hint's key in `SERVER_TEXTS`. */
  hintKey: ServerTextKey;
  /** The values of the message's and the hint's placeholders. */
  params?: ServerTextParams;
}

/** Body of `POST /test`. */
export interface TestRequest {
  /** The settings to test, as the form holds them; omitted secrets use the stored value. */
  settings: SmtpSettingsDraftInput;
  /** Where to send a real test message; without it the test stops after the envelope check. */
  sendTo?: string;
}

/** Body of `POST /test`, and the `result` event of its event stream. */
export interface TestResponse {
  /** Whether every step passed. */
  ok: boolean;
  /** The steps that ran, in order; the last one failed when `ok` is false. */
  stages: TestStage[];
  /** Why the test failed. */
  error?: TestFailure;
  /** Things that work today but deserve attention, such as Basic auth that a provider is retiring. */
  warnings: ServerNotice[];
  /** Proof that exactly these settings passed, for `PUT /settings`; present only when `ok`. */
  receipt?: string;
  /** When the receipt stops being accepted, as ISO 8601. */
  receiptExpiresAt?: string;
}

/** Why "Get Refresh Token" failed, one code per cause an admin can fix. */
export const OAUTH_ERROR_CODES = [
  'OAUTH_ACCESS_DENIED',
  'OAUTH_STATE_INVALID',
  'OAUTH_CLIENT_INVALID',
  'OAUTH_TENANT_INVALID',
  'OAUTH_REDIRECT_MISMATCH',
  'OAUTH_NO_REFRESH_TOKEN',
  'OAUTH_FAILED',
] as const;

/** Stable code of a failed OAuth authorization. */
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/** The BroadcastChannel name and message `type` by which the OAuth callback page tells the widget a flow ended. */
export const OAUTH_MESSAGE_TYPE = 'smtp-settings:oauth';

/** The query parameter with which the OAuth callback sends a full-page sign-in back to its `returnTo` page. */
export const OAUTH_RETURN_PARAM = 'smtpSettingsFlow';

/** Body of `POST /oauth/:provider/start`: the OAuth fields of the form as they are now. */
export interface OAuthStartRequest {
  /** The app registration's client ID. */
  clientId: string;
  /** The client secret, or `{ keep: true }` for the stored one. */
  clientSecret: string | { keep: true };
  /** Microsoft only: the directory (tenant) ID or a verified domain. */
  tenantId?: string;
  /** Microsoft only: how the settings will send, which decides the permission the sign-in asks for; defaults to `smtp`. */
  sendingMethod?: SendingMethod;
  /** For a full-page redirect instead of a popup: where to come back to (same origin as the app). */
  returnTo?: string;
}

/** Answer of `POST /oauth/:provider/start`. */
export interface OAuthStartResponse {
  /** Handle on the flow: what Test and Save take as `refreshToken: { flow }` once it completed. */
  flowId: string;
  /** Where to send the admin to sign in and consent. */
  authorizeUrl: string;
  /** When the flow stops being accepted, as ISO 8601. */
  expiresAt: string;
}

/** Answer of `GET /oauth/flows/:flowId`, and what the callback page hands to the widget. */
export interface OAuthFlowResponse {
  /** The flow's handle. */
  flowId: string;
  /** `started` until the provider calls back; then `completed` or `failed`; `consumed` once saved. */
  status: 'started' | 'completed' | 'failed' | 'consumed';
  /** Which provider. */
  provider: OAuthProvider;
  /** The signed-in account, once completed. */
  account?: string;
  /** Granted scopes, once completed. */
  scopes?: string[];
  /** When the refresh token was obtained, once completed. */
  obtainedAt?: string;
  /** Why it failed. */
  error?: SignInFailure;
}

/** Why a sign-in ("Get Refresh Token") failed: a stable code, what happened and the fix. */
export interface SignInFailure {
  /** Stable code to branch on. */
  code: OAuthErrorCode;
  /** What happened, in one sentence. */
  message: string;
  /** The message's key in `SERVER_TEXTS`; absent for a flow that failed before keys were sent. */
  messageKey?: ServerTextKey;
  /** What to do about it, in one sentence. */
  hint: string;
  /** The hint's key in `SERVER_TEXTS`, like `messageKey`. */
  hintKey?: ServerTextKey;
  /** The values of the message's and the hint's placeholders. */
  params?: ServerTextParams;
}

/** Every stable error code an error response may carry. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'VERSION_REQUIRED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'CSRF_REJECTED',
  'METHOD_NOT_ALLOWED',
  'SECRET_UNREADABLE',
  'NOT_TESTED',
  'RATE_LIMITED',
  'STORE_BUSY',
  'DELIVERY_NOT_RESENDABLE',
  'DELIVERY_NOT_DISCARDABLE',
  'BODY_ALREADY_READ',
  'INTERNAL_ERROR',
] as const;

/** Stable machine-readable error code that clients branch on. */
export type ErrorCode = (typeof ERROR_CODES)[number] | SmtpErrorCode | OAuthErrorCode;

/** Body of every error response. */
export interface ErrorResponse {
  /** What went wrong. */
  error: {
    /** Stable code to branch on. */
    code: ErrorCode;
    /** Message an admin can act on. */
    message: string;
    /** The message's key in `SERVER_TEXTS`, for a translation. */
    messageKey?: ServerTextKey;
    /** The values of the message's placeholders, and of those of the fields' keyed messages. */
    params?: ServerTextParams;
    /** Field path → message, for errors that belong to form fields. */
    fields?: Record<string, string>;
    /**
     * Field path → the key in `SERVER_TEXTS` of a field's message that the server wrote from a template
     * rather than taking it from `FIELD_MESSAGES` (which a translation finds by its English).
     */
    fieldKeys?: Record<string, ServerTextKey>;
  };
}
