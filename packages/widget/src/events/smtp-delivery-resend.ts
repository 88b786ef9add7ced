import type { DeliveryView } from '@smtp-settings/schema';

/** Fired when the admin resent a message, or every failed one; each is queued to be sent again. */
export class SmtpDeliveryResendEvent extends Event {
  /** The messages queued again, as they are now. */
  readonly detail: { deliveries: DeliveryView[] };

  /** Creates the event for the resent messages. */
  constructor(detail: { deliveries: DeliveryView[] }) {
    super('smtp-delivery-resend', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-delivery-resend': SmtpDeliveryResendEvent;
  }
}
