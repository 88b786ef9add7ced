import type { SmtpSettingsChangeDetail } from './smtp-settings-change.js';

/** Fired on each edit as the admin types, for live use; `smtp-settings-change` follows once the value is committed. */
export class SmtpSettingsInputEvent extends Event {
  /** Which field is being edited and whether the form is dirty; a secret is named, never its value. */
  readonly detail: SmtpSettingsChangeDetail;

  /** Creates the event for one edit. */
  constructor(detail: SmtpSettingsChangeDetail) {
    super('smtp-settings-input', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-input': SmtpSettingsInputEvent;
  }
}
