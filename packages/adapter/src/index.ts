export type { AlertEvent, AlertType } from './alerts/alert-event.js';
export type { AlertsOptions } from './alerts/alerts-options.js';
export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
} from './alerts/signature.js';
export {
  createSmtpConfig,
  type SmtpConfig,
  type SmtpConfigOptions,
  type WithSmtpConfig,
} from './config/smtp-config.js';
export { createSmtpSettings } from './create-smtp-settings.js';
export { type SecretBox, SecretUnreadableError } from './crypto/secret-box.js';
export { SecretKeyError } from './crypto/secret-key.js';
export type { SmtpSettingsEnv } from './env.js';
export { ApiError } from './errors.js';
export { SmtpFailure } from './failures/smtp-failure.js';
export {
  createMailer,
  type Mailer,
  type MailerOptions,
  type MailerOwnOptions,
  type SentMail,
} from './mailer/create-mailer.js';
export type { MailerHealth, MailerHealthError } from './mailer/mailer-health.js';
export {
  MailerNotConfiguredError,
  type MailerNotConfiguredFailure,
} from './mailer/mailer-not-configured-error.js';
export type { MailerMessage } from './mailer/message.js';
export type { RetryOptions } from './mailer/retry.js';
export { DEFAULT_PRESETS } from './meta/presets.js';
export type { RateLimit } from './middleware/rate-limiter.js';
export type { AuthorizeResult, Logger, SmtpSettingsOptions, SmtpSettingsRouteOptions } from './options.js';
export type { BackoffOptions } from './outbox/backoff.js';
export {
  createOutbox,
  type Enqueued,
  type EnqueueOptions,
  type Outbox,
  type OutboxOptions,
} from './outbox/create-outbox.js';
export { type BullmqEngineOptions, bullmqEngine } from './outbox/engines/bullmq-engine.js';
export { type PgBossEngineOptions, pgBossEngine } from './outbox/engines/pg-boss-engine.js';
export { QueueEngineError } from './outbox/engines/queue-engine-error.js';
export type { RedisAddress, RedisClientLike, RedisConnection } from './outbox/engines/redis-options.js';
export type { OutboxHealth } from './outbox/holds.js';
export type {
  OutboxAddress,
  OutboxAddresses,
  OutboxAttachment,
  OutboxContent,
  OutboxHeaders,
  OutboxHeaderValue,
  OutboxMessage,
} from './outbox/outbox-message.js';
export type { OutboxOwnOptions } from './outbox/outbox-options.js';
export type { OutboxWaker } from './outbox/outbox-waker.js';
export type { EngineHandlers, PeriodicTask, QueueEngine } from './outbox/queue-engine.js';
export type { LapseReason, TokenLapse } from './outbox/scheduled/token-lapse.js';
export type { TenantRate, TenantRateOption } from './outbox/tenant-rate.js';
export type { TenantTurns, TurnState, WaitingTenant } from './outbox/tenant-turns.js';
export type { TokenLapseMarks } from './outbox/token-lapse-marks.js';
export type { GoogleProviderOptions } from './providers/google/config.js';
export type { MicrosoftProviderOptions } from './providers/microsoft/config.js';
export { OAuthFlowError } from './providers/oauth-flow-error.js';
export type { SmtpEndpoint } from './providers/provider.js';
export type { ProvidersOptions } from './providers/resolve-providers.js';
export { SECURITY_EVENT_MESSAGE, type SecurityEvent } from './security/security-log.js';
export { StoredSettingsInvalidError } from './settings/sealed-record.js';
export type { SecretExpiry, SecretExpirySource } from './settings/secret-expiry.js';
export type { SecretExpiryNote, SecretExpiryNotes } from './settings/secret-expiry-notes.js';
export {
  defaultHostPolicy,
  type HostPolicy,
  type HostPolicyTarget,
  publicMailServersOnly,
} from './smtp/host-policy.js';
export type { ProbeTimeouts } from './smtp/probe/run-probe.js';
export type { PemCertificates } from './smtp/tls-trust.js';
export { memoryStore } from './stores/memory-store.js';
export type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from './stores/postgres-pool.js';
export { PostgresStoreError, type PostgresStoreOptions, postgresStore } from './stores/postgres-store.js';
export type { SqliteDatabase } from './stores/sqlite-database.js';
export { type SqliteStoreOptions, sqliteStore } from './stores/sqlite-store.js';
export type {
  AccessTokenStore,
  AuditRecord,
  AuditTestWrite,
  OAuthFlowRecord,
  OAuthFlowStatus,
  OAuthFlowTransition,
  SecretRotation,
  SettingsRecord,
  SettingsStore,
  SettingsWrite,
  SharedAccessToken,
} from './stores/store.js';
export {
  FlowExistsError,
  StoreBusyError,
  StoreWriteError,
  type StoreWriteFailure,
  VersionConflictError,
} from './stores/store.js';
