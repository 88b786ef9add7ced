/**
 * The properties and events of both elements as plain types, for the typings of front ends that write the
 * elements as tags (Vue's `GlobalComponents` in `vue.ts`, React's `JSX.IntrinsicElements` in
 * `react-jsx.ts`), and for a Preact or Solid app that declares its own.
 *
 * @module
 */
import type { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';
import type { SmtpDeliveryDiscardEvent } from './events/smtp-delivery-discard.js';
import type { SmtpDeliveryLogErrorEvent } from './events/smtp-delivery-log-error.js';
import type { SmtpDeliveryResendEvent } from './events/smtp-delivery-resend.js';
import type { SmtpSettingsChangeEvent } from './events/smtp-settings-change.js';
import type { SmtpSettingsErrorEvent } from './events/smtp-settings-error.js';
import type { SmtpSettingsInputEvent } from './events/smtp-settings-input.js';
import type { SmtpSettingsLoadEvent } from './events/smtp-settings-load.js';
import type { SmtpSettingsSaveEvent } from './events/smtp-settings-save.js';
import type { SmtpSettingsTestEvent } from './events/smtp-settings-test.js';
import type { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

/** The public properties of `<smtp-settings>` a template may set, each optional. */
export type SmtpSettingsProperties = Partial<
  Pick<SmtpSettingsElement, 'endpoint' | 'locale' | 'sendTestTo' | 'strings' | 'pollInterval'>
>;

/** The public properties of `<smtp-delivery-log>` a template may set, each optional. */
export type SmtpDeliveryLogProperties = Partial<
  Pick<SmtpDeliveryLogElement, 'endpoint' | 'locale' | 'strings' | 'pollInterval' | 'pageSize'>
>;

/** Every event `<smtp-settings>` fires, by its name. */
export interface SmtpSettingsEventMap {
  'smtp-settings-load': SmtpSettingsLoadEvent;
  'smtp-settings-input': SmtpSettingsInputEvent;
  'smtp-settings-change': SmtpSettingsChangeEvent;
  'smtp-settings-test': SmtpSettingsTestEvent;
  'smtp-settings-save': SmtpSettingsSaveEvent;
  'smtp-settings-error': SmtpSettingsErrorEvent;
}

/** Every event `<smtp-delivery-log>` fires, by its name. */
export interface SmtpDeliveryLogEventMap {
  'smtp-delivery-resend': SmtpDeliveryResendEvent;
  'smtp-delivery-discard': SmtpDeliveryDiscardEvent;
  'smtp-delivery-log-error': SmtpDeliveryLogErrorEvent;
}

/**
 * One listener prop per event of `Events`, named `on` and the event's name (`onsmtp-settings-save`), as
 * React 19 and Preact add a custom element's listeners; each receives its typed event.
 */
export type OnEventProps<Events> = {
  [Name in keyof Events & string as `on${Name}`]?: (event: Events[Name]) => void;
};
