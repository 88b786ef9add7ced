/**
 * Registers `<smtp-settings>`; import it once, for its side effect: `import '@smtp-settings/widget/define.js'`.
 * A second import, or another copy of the package, leaves the first registration in place.
 */
import { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

// The package's types come along, the events' GlobalEventHandlersEventMap entries among them, so a page
// that imports only this module still gets typed `smtp-settings-*` listeners.
export type * from './index.js';

if (!customElements.get('smtp-settings')) customElements.define('smtp-settings', SmtpSettingsElement);

declare global {
  interface HTMLElementTagNameMap {
    'smtp-settings': SmtpSettingsElement;
  }
}
