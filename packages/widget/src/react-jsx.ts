/**
 * @module @smtp-settings/widget/react/jsx
 * Types both elements as JSX tags for React 19, which sets a custom element's properties and adds its
 * `on…` listeners by the event's name: `<smtp-settings endpoint="/api/smtp" onsmtp-settings-save={…} />`
 * then checks every prop. Types only; import `define.js` and `delivery-log.js` to register the elements.
 * React 18 does neither: use the `SmtpSettings` wrapper of `@smtp-settings/widget/react` there.
 *
 * @example
 * ```tsx
 * import '@smtp-settings/widget/define.js';
 * import type {} from '@smtp-settings/widget/react/jsx';
 *
 * <smtp-settings endpoint="/api/smtp" onsmtp-settings-save={(event) => toast(`v${event.detail.version}`)} />;
 * ```
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';
import type {
  OnEventProps,
  SmtpDeliveryLogEventMap,
  SmtpDeliveryLogProperties,
  SmtpSettingsEventMap,
  SmtpSettingsProperties,
} from './element-props.js';
import type { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

/** The props of `<smtp-settings>` in React 19 JSX: the HTML ones, its properties and its events' listeners. */
export type SmtpSettingsJsxProps = DetailedHTMLProps<
  HTMLAttributes<SmtpSettingsElement>,
  SmtpSettingsElement
> &
  SmtpSettingsProperties &
  OnEventProps<SmtpSettingsEventMap>;

/** The props of `<smtp-delivery-log>` in React 19 JSX: the HTML ones, its properties and its events' listeners. */
export type SmtpDeliveryLogJsxProps = DetailedHTMLProps<
  HTMLAttributes<SmtpDeliveryLogElement>,
  SmtpDeliveryLogElement
> &
  SmtpDeliveryLogProperties &
  OnEventProps<SmtpDeliveryLogEventMap>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'smtp-settings': SmtpSettingsJsxProps;
      'smtp-delivery-log': SmtpDeliveryLogJsxProps;
    }
  }
}
