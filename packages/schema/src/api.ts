import type { SmtpSettingsDraftInput } from './draft.js';
import type { SmtpSettingsPublic } from './public-view.js';
import type { OAuthProvider, Security } from './settings.js';

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
}

/** Body of `PUT /settings`, sent with `If-Match: <version>` (omitted only for the first save). */
export interface PutSettingsRequest {
  /** The settings to save; omitted secrets keep their stored value. */
  settings: SmtpSettingsDraftInput;
}

/** Body of a successful `PUT /settings`. */
export type PutSettingsResponse = SettingsResponse;

/** One saved change in the audit log. */
export interface AuditEntry {
  /** Version the change produced. */
  version: number;
  /** When the change was saved, as ISO 8601. */
  at: string;
  /** Who saved the change. */
  actor: string;
  /** Names of the fields that changed; never their values. */
  changedFields: string[];
}

/** Body of `GET /audit`. */
export interface AuditResponse {
  /** Saved changes, newest first. */
  entries: AuditEntry[];
}

/** A well-known mail service whose server settings the widget can fill in. */
export interface SmtpPreset {
  /** Stable identifier, such as `office365`. */
  id: string;
  /** Name shown to the admin. */
  label: string;
  /** SMTP server name. */
  host: string;
  /** SMTP port. */
  port: number;
  /** Connection security the service expects. */
  security: Security;
  /** Advice shown next to the preset, such as which authentication the service requires. */
  note?: string;
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
  'INTERNAL_ERROR',
] as const;

/** Stable machine-readable error code that clients branch on. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every error response. */
export interface ErrorResponse {
  /** What went wrong. */
  error: {
    /** Stable code to branch on. */
    code: ErrorCode;
    /** Message an admin can act on. */
    message: string;
    /** Field path → message, for errors that belong to form fields. */
    fields?: Record<string, string>;
  };
}
