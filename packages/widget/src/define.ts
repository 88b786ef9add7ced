/**
 * Registers `<smtp-settings>`; import it once, for its side effect: `import '@smtp-settings/widget/define.js'`.
 * A second import, or another copy of the package, leaves the first registration in place.
 */
import { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

if (!customElements.get('smtp-settings')) customElements.define('smtp-settings', SmtpSettingsElement);

declare global {
  interface HTMLElementTagNameMap {
    'smtp-settings': SmtpSettingsElement;
  }
}
