/**
 * Registers `<smtp-delivery-log>`; import it once, for its side effect:
 * `import '@smtp-settings/widget/delivery-log.js'`. Its own entry, so a page with only the settings form
 * never downloads the log. A second import, or another copy of the package, leaves the first registration in place.
 */
import { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';

// The events' GlobalEventHandlersEventMap entries come along, so `smtp-delivery-*` listeners are typed.
export type * from './index.js';

if (!customElements.get('smtp-delivery-log'))
  customElements.define('smtp-delivery-log', SmtpDeliveryLogElement);

declare global {
  interface HTMLElementTagNameMap {
    'smtp-delivery-log': SmtpDeliveryLogElement;
  }
}
