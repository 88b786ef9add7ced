/**
 * The README's Angular snippet as it is: `<smtp-settings>` in a standalone component with
 * `CUSTOM_ELEMENTS_SCHEMA`, its `strings` bound as a property and its save event bound as a DOM event.
 *
 * @module
 */
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import '@smtp-settings/widget/define.js';
import type { SmtpSettingsSaveEvent, SmtpSettingsStrings } from '@smtp-settings/widget';

/** The page's mail settings: the element, with the app's wording for its Save button. */
@Component({
  selector: 'app-mail-settings',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<smtp-settings endpoint="/api/smtp" [strings]="strings" (smtp-settings-save)="saved($event)"></smtp-settings>`,
})
export class MailSettingsComponent {
  /** Bound to the element's `strings` property. */
  strings: Partial<SmtpSettingsStrings> = { save: 'Save mail settings' };
  /** Hears the element's save event. */
  saved(event: Event) {
    console.log('version', (event as SmtpSettingsSaveEvent).detail.version);
  }
}
