import { ApiRequestError } from '../api/errors.js';
import { PopupClosedError } from '../api/popup-closed-error.js';
import type { SmtpSettingsErrorDetail } from '../events/smtp-settings-error.js';
import { apiErrorText, apiFieldTexts } from '../localize/api-error-text.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';

/** A failure as the form shows it: its stable code, the admin's message, and the errors of single fields. */
export interface ErrorDetail {
  /** Stable code, as `smtp-settings-error` carries it. */
  code: SmtpSettingsErrorDetail['code'];
  /** What the admin reads. */
  message: string;
  /** Field → message, when the server blamed fields. */
  fields?: Record<string, string> | undefined;
}

/** Describes any failure of a request, a sign-in window or a bug in the admin's words. */
export function describeError(error: unknown, t: SmtpSettingsStrings): ErrorDetail {
  if (error instanceof PopupClosedError) return { code: 'POPUP_CLOSED', message: t.popupClosed };
  if (!(error instanceof ApiRequestError))
    return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
  const { code } = error;
  const known: Partial<Record<string, string>> = {
    OAUTH_ACCESS_DENIED: t.oauthCancelled,
    NOT_TESTED: t.testBeforeSave,
    VERSION_CONFLICT: t.conflict,
    STORE_BUSY: t.storeBusy,
  };
  return { code, message: known[code] ?? apiErrorText(t, error), fields: apiFieldTexts(t, error) };
}

/** Whether `error` is the reason of an aborted run: stopped on purpose, so nothing to show or report. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
