/**
 * @module @smtp-settings/widget
 * The `<smtp-settings>` element class, its events, localization types and the client it talks to the
 * adapter with. Importing this module registers nothing: import `@smtp-settings/widget/define.js` for that.
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
  ErrorCode,
  FieldMessage,
  MetaResponse,
  OAuthFlowResponse,
  ServerNotice,
  ServerTextKey,
  ServerTextParams,
  SettingsResponse,
  SmtpSettingsDraftInput,
  TestFailure,
  TestResponse,
  TestStage,
} from '@smtp-settings/schema';
export type { SmtpSettingsClient } from './api/client.js';
export { createClient } from './api/client.js';
export { ApiRequestError } from './api/errors.js';
export { PopupClosedError } from './api/popup-closed-error.js';
export { smtpSettingsClientContext } from './context.js';
export type { SmtpSettingsChangeDetail } from './events/smtp-settings-change.js';
export { SmtpSettingsChangeEvent } from './events/smtp-settings-change.js';
export type { SmtpSettingsErrorDetail } from './events/smtp-settings-error.js';
export { SmtpSettingsErrorEvent } from './events/smtp-settings-error.js';
export { SmtpSettingsLoadEvent } from './events/smtp-settings-load.js';
export { SmtpSettingsSaveEvent } from './events/smtp-settings-save.js';
export { SmtpSettingsTestEvent } from './events/smtp-settings-test.js';
export { en } from './localize/en.js';
export type { ServerWritten } from './localize/server-text.js';
export { renderServerText, serverText, translateServerText } from './localize/server-text.js';
export type { SmtpSettingsStrings } from './localize/strings.js';
export { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';
