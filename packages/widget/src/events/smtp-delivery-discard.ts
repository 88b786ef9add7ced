import type { DeliveryView } from '@smtp-settings/schema';

/** Fired when the admin discarded a message; it will not be sent. */
export class SmtpDeliveryDiscardEvent extends Event {
  /** The discarded message, as it is now. */
  readonly detail: { delivery: DeliveryView };

  /** Creates the event for the discarded message. */
  constructor(detail: { delivery: DeliveryView }) {
    super('smtp-delivery-discard', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-delivery-discard': SmtpDeliveryDiscardEvent;
  }
}
