import type { SettingsResponse } from '@smtp-settings/schema';

/** Fired when the settings were saved. */
export class SmtpSettingsSaveEvent extends Event {
  /** The saved settings with their new version (secrets only as `{ set }`). */
  readonly detail: SettingsResponse;

  /** Creates the event around the saved settings. */
  constructor(detail: SettingsResponse) {
    super('smtp-settings-save', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-save': SmtpSettingsSaveEvent;
  }
}
