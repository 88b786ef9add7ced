/**
 * @module @smtp-settings/widget
 * The `<smtp-settings>` and `<smtp-delivery-log>` element classes, their events, localization types and
 * the client they talk to the adapter with. Importing this module registers nothing: import
 * `@smtp-settings/widget/define.js` (the settings form) or `@smtp-settings/widget/delivery-log.js` for that.
 *
 * @example
 * ```ts
 * import '@smtp-settings/widget/define.js';
 * document.querySelector('smtp-settings')?.addEventListener('smtp-settings-save', (event) => {
 *   console.log('saved version', event.detail.version);
 * });
 * ```
 */
export type {
  DeliveryAttempt,
  DeliveryDetailResponse,
  DeliveryFailure,
  DeliveryListResponse,
  DeliveryStatus,
  DeliveryView,
  ErrorCode,
  FieldMessage,
  MetaResponse,
  OAuthFlowResponse,
  ServerNotice,
  ServerTextKey,
  ServerTextParams,
  SettingsResponse,
  SignInFailure,
  SmtpSettingsDraftInput,
  TestFailure,
  TestResponse,
  TestStage,
  TimeSpanUnit,
} from '@smtp-settings/schema';
export type { SmtpSettingsClient } from './api/client.js';
export { createClient } from './api/client.js';
export type { ApiRequestErrorDetails } from './api/errors.js';
export { ApiRequestError } from './api/errors.js';
export { PopupClosedError } from './api/popup-closed-error.js';
export { smtpSettingsClientContext } from './context.js';
export { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';
export { deliveryLogEn } from './delivery-log/en.js';
export type { SmtpDeliveryLogStrings } from './delivery-log/strings.js';
export type * from './element-props.js';
export { SmtpDeliveryDiscardEvent } from './events/smtp-delivery-discard.js';
export type { SmtpDeliveryLogErrorDetail } from './events/smtp-delivery-log-error.js';
export { SmtpDeliveryLogErrorEvent } from './events/smtp-delivery-log-error.js';
export { SmtpDeliveryResendEvent } from './events/smtp-delivery-resend.js';
export type { SmtpSettingsChangeDetail } from './events/smtp-settings-change.js';
export { SmtpSettingsChangeEvent } from './events/smtp-settings-change.js';
export type { SmtpSettingsErrorDetail } from './events/smtp-settings-error.js';
export { SmtpSettingsErrorEvent } from './events/smtp-settings-error.js';
export { SmtpSettingsInputEvent } from './events/smtp-settings-input.js';
export { SmtpSettingsLoadEvent } from './events/smtp-settings-load.js';
export { SmtpSettingsSaveEvent } from './events/smtp-settings-save.js';
export { SmtpSettingsTestEvent } from './events/smtp-settings-test.js';
export { en } from './localize/en.js';
export type { FailureStrings } from './localize/failure-strings.js';
export type { MicrosoftStrings } from './localize/microsoft-strings.js';
export { microsoftEn } from './localize/microsoft-strings.js';
export type { ServerWritten } from './localize/server-text.js';
export { renderServerText, serverText, translateServerText } from './localize/server-text.js';
export type { SmtpSettingsStrings } from './localize/strings.js';
export { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';
