/**
 * @module @smtp-settings/widget/react/delivery-log
 * `<SmtpDeliveryLog>` for React 18 and 19: the `<smtp-delivery-log>` element with its events as `on…`
 * props. Its own entry rather than part of `@smtp-settings/widget/react`, which registers the settings
 * form: an app that shows only the form does not download the log, and the other way round.
 *
 * @example
 * ```tsx
 * import { SmtpDeliveryLog } from '@smtp-settings/widget/react/delivery-log';
 *
 * <SmtpDeliveryLog endpoint="/api/smtp" onResend={(event) => toast(`${event.detail.deliveries.length} queued again`)} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import './delivery-log.js';
import { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';
import type { SmtpDeliveryDiscardEvent } from './events/smtp-delivery-discard.js';
import type { SmtpDeliveryLogErrorEvent } from './events/smtp-delivery-log-error.js';
import type { SmtpDeliveryResendEvent } from './events/smtp-delivery-resend.js';

/** The `<smtp-delivery-log>` element as a React component; `onResend`, `onDiscard` and `onError` receive its events. */
export const SmtpDeliveryLog = createComponent({
  tagName: 'smtp-delivery-log',
  elementClass: SmtpDeliveryLogElement,
  react: React,
  events: {
    onResend: 'smtp-delivery-resend' as EventName<SmtpDeliveryResendEvent>,
    onDiscard: 'smtp-delivery-discard' as EventName<SmtpDeliveryDiscardEvent>,
    onError: 'smtp-delivery-log-error' as EventName<SmtpDeliveryLogErrorEvent>,
  },
});
