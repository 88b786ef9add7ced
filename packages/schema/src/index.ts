/**
 * @module @smtp-settings/schema
 * Valibot schemas, types and messages shared by the smtp-settings adapter (server) and widget (browser).
 */
export type {
  AuditAction,
  AuditEntry,
  AuditResponse,
  AuditTestDetails,
  ErrorCode,
  ErrorResponse,
  MetaResponse,
  OAuthErrorCode,
  OAuthFlowResponse,
  OAuthStartRequest,
  OAuthStartResponse,
  PutSettingsRequest,
  PutSettingsResponse,
  SettingsResponse,
  SignInFailure,
  SmtpErrorCode,
  SmtpPreset,
  TestFailure,
  TestRequest,
  TestResponse,
  TestStage,
  TestStageName,
  TokenHealth,
} from './api.js';
export {
  ERROR_CODES,
  OAUTH_ERROR_CODES,
  OAUTH_MESSAGE_TYPE,
  OAUTH_RETURN_PARAM,
  SMTP_ERROR_CODES,
  TEST_STAGES,
} from './api.js';
export type {
  DeliveryAttempt,
  DeliveryAttemptOutcome,
  DeliveryDetailResponse,
  DeliveryErrorCode,
  DeliveryFailure,
  DeliveryListResponse,
  DeliverySource,
  DeliveryStatus,
  DeliverySummaryResponse,
  DeliveryView,
} from './deliveries.js';
export { DELIVERY_STATUSES } from './deliveries.js';
export type { SmtpSettingsDraft, SmtpSettingsDraftInput } from './draft.js';
export { SmtpSettingsDraftSchema } from './draft.js';
export { fieldErrors } from './field-errors.js';
export type { FieldMessage } from './field-message.js';
/** Every field validation message by name (`FIELD_MESSAGES.portInvalid`), as the schemas report it in English. */
export * as FIELD_MESSAGES from './field-messages.js';
export {
  AllowInvalidCertificateSchema,
  ClientSecretExpiresAtSchema,
  FromEmailSchema,
  FromNameSchema,
  GoogleClientIdSchema,
  HostSchema,
  MicrosoftClientIdSchema,
  PortSchema,
  SecuritySchema,
  SendingMethodSchema,
  SignInSchema,
  TenantIdSchema,
  UsernameSchema,
} from './fields.js';
export { fillTemplate } from './fill-template.js';
export type {
  PublicSecret,
  SettingsVariant,
  SettingsWithSecrets,
  SmtpSettingsPublic,
} from './public-view.js';
export { secretFieldsOf, toPublicView } from './public-view.js';
export type { ConnectionFields } from './secret-binding.js';
export { keepRefusal } from './secret-binding.js';
export type { FlowReference, SecretField, SecretInput } from './secrets.js';
export {
  FlowIdSchema,
  isClear,
  isFlowReference,
  isKeep,
  isSecretField,
  RefreshTokenInputSchema,
  SECRET_FIELDS,
  secretInput,
  secretInputText,
  secretValue,
} from './secrets.js';
export type {
  ServerNotice,
  ServerTextKey,
  ServerTextParamNames,
  ServerTextParams,
  TimeSpanUnit,
} from './server-texts.js';
export { SERVER_TEXTS } from './server-texts.js';
export type {
  AuthType,
  BasicSettings,
  GoogleSettings,
  MicrosoftSettings,
  OAuthChoices,
  OAuthProvider,
  OAuthSettings,
  Security,
  SendingMethod,
  SignIn,
  SmtpSettings,
  SmtpSettingsInput,
} from './settings.js';
export {
  BasicSettingsSchema,
  GoogleSettingsSchema,
  MicrosoftSettingsSchema,
  OAUTH_PROVIDERS,
  OAuthSettingsSchema,
  SmtpSettingsSchema,
  sendingMethodOf,
  signInOf,
} from './settings.js';
