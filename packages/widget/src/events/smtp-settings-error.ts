import type { ErrorCode } from '@smtp-settings/schema';

/** What went wrong, as the element showed it. */
export interface SmtpSettingsErrorDetail {
  /** What the element was doing. */
  action: 'load' | 'test' | 'save' | 'oauth';
  /** Stable code to branch on, such as `VERSION_CONFLICT` or `OAUTH_ACCESS_DENIED`. */
  code: ErrorCode | 'POPUP_CLOSED';
  /** The message shown to the admin. */
  message: string;
}

/** Fired when loading, testing, saving or signing in fails; a failed test result is an `smtp-settings-test` instead. */
export class SmtpSettingsErrorEvent extends Event {
  /** The failed action, its code and message. */
  readonly detail: SmtpSettingsErrorDetail;

  /** Creates the event for one failure. */
  constructor(detail: SmtpSettingsErrorDetail) {
    super('smtp-settings-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-error': SmtpSettingsErrorEvent;
  }
}
