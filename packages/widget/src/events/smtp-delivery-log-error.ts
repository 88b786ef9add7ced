import type { ErrorCode } from '@smtp-settings/schema';

/** What went wrong in the delivery log, as the element showed it. */
export interface SmtpDeliveryLogErrorDetail {
  /** What the element was doing. */
  action: 'load' | 'resend' | 'discard';
  /** Stable code to branch on, such as `DELIVERY_NOT_RESENDABLE`. */
  code: ErrorCode;
  /** The message shown to the admin. */
  message: string;
}

/** Fired when loading the log or a message, a resend or a discard fails; a failed live update is retried quietly. */
export class SmtpDeliveryLogErrorEvent extends Event {
  /** The failed action, its code and message. */
  readonly detail: SmtpDeliveryLogErrorDetail;

  /** Creates the event for one failure. */
  constructor(detail: SmtpDeliveryLogErrorDetail) {
    super('smtp-delivery-log-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-delivery-log-error': SmtpDeliveryLogErrorEvent;
  }
}
