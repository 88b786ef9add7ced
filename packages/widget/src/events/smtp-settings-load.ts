import type { SettingsResponse } from '@smtp-settings/schema';

/** Fired when the saved settings have loaded into the form, on first load and after Reload. */
export class SmtpSettingsLoadEvent extends Event {
  /** The settings as the server returned them (secrets only as `{ set }`). */
  readonly detail: SettingsResponse;

  /** Creates the event around the loaded settings. */
  constructor(detail: SettingsResponse) {
    super('smtp-settings-load', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-load': SmtpSettingsLoadEvent;
  }
}
