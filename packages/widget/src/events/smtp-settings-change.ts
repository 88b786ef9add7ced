/** What changed in the form; secrets are named, never their values. */
export interface SmtpSettingsChangeDetail {
  /** The field the admin changed, such as `host`, `authType` or `refreshToken`. */
  field: string;
  /** Whether the form now differs from the saved settings. */
  dirty: boolean;
}

/**
 * Fired when the admin commits a change, as the DOM's `change`: a text field on leaving it, a choice,
 * checkbox or select at once, a button that changes a value (Clear, a suggestion, a sign-in) on click.
 */
export class SmtpSettingsChangeEvent extends Event {
  /** Which field changed and whether the form is dirty. */
  readonly detail: SmtpSettingsChangeDetail;

  /** Creates the event for one changed field. */
  constructor(detail: SmtpSettingsChangeDetail) {
    super('smtp-settings-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-change': SmtpSettingsChangeEvent;
  }
}
