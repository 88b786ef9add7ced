import type { DeliveryErrorCode, FieldMessage, OAuthProvider, Security } from '@smtp-settings/schema';
import type { FailureStrings } from './failure-strings.js';
import type { MicrosoftStrings } from './microsoft-strings.js';

/**
 * Every visible text and accessible name of `<smtp-settings>`; pass a partial object as the element's
 * `strings` property to translate or reword it. Field errors are translated through `fieldMessages`,
 * every other text the server writes through `serverTexts`. Microsoft's sending method and sign-in texts
 * are optional here: their English (`microsoftEn`) loads with the OAuth fields.
 */
export interface SmtpSettingsStrings extends FailureStrings, Partial<MicrosoftStrings> {
  /** Accessible name of the whole form. */
  formLabel: string;
  /** Shown while the saved settings load. */
  loading: string;
  /** Shown when the adapter answers that mail settings are switched off here (its feature gate's 404). */
  notAvailable: string;
  /** Shown when neither `endpoint` nor a client provider tells the element where the adapter is. */
  noEndpoint: string;
  /** Legend of the Basic/OAuth choice. */
  authType: string;
  /** The Basic authentication option. */
  basic: string;
  /** The OAuth authentication option. */
  oauth: string;
  /** Label of the preset picker. */
  preset: string;
  /** The preset option that keeps the server fields as typed. */
  presetCustom: string;
  /** Label of the SMTP server field. */
  host: string;
  /** Label of the SMTP port field. */
  port: string;
  /** Label of the connection security picker. */
  security: string;
  /** Names of the connection security choices. */
  securities: Record<Security, string>;
  /** Suggests the security that the port or preset usually goes with. */
  securitySuggestion: (security: string) => string;
  /** Button that accepts the suggested security. */
  applySecurity: (security: string) => string;
  /** Label of the SMTP user name field. */
  username: string;
  /** Label of the SMTP password field. */
  password: string;
  /** Label of the invalid-certificate opt-in. */
  allowInvalidCertificate: string;
  /** Warning next to the invalid-certificate opt-in. */
  allowInvalidCertificateHint: string;
  /** Label of the sender address field. */
  fromEmail: string;
  /** Label of the sender name field. */
  fromName: string;
  /** After the label of a field that may stay empty. */
  optional: string;
  /** Legend of the OAuth provider choice. */
  provider: string;
  /** Names of the OAuth providers. */
  providers: Record<OAuthProvider, string>;
  /** Label of the OAuth client ID field. */
  clientId: string;
  /** Label of the OAuth client secret field. */
  clientSecret: string;
  /** Label of the Microsoft tenant field. */
  tenantId: string;
  /** Label of the refresh token field. */
  refreshToken: string;
  /** Label of the client secret expiry date. */
  clientSecretExpiresAt: string;
  /** Hint under the client secret expiry date. */
  clientSecretExpiresAtHint: string;
  /** Button that starts the OAuth sign-in. */
  getRefreshToken: string;
  /** Button that starts the OAuth sign-in again once connected. */
  reconnect: string;
  /** The account a refresh token belongs to; `date` is empty when unknown. */
  connectedAs: (account: string, date: string) => string;
  /** Shown while the sign-in window is open. */
  signingIn: string;
  /** The browser refused to open the sign-in window. */
  popupBlocked: string;
  /** Link that opens the sign-in page when the window was blocked. */
  openSignIn: string;
  /** Button that continues the sign-in in this tab when the window was blocked; the page comes back afterwards. */
  continueHere: string;
  /** After signing in in this tab: secrets typed but not saved were not kept and must be typed again. */
  retypeSecrets: (labels: string) => string;
  /** The admin closed the sign-in window too early. */
  popupClosed: string;
  /** Asks the server again whether a sign-in whose window looked closed finished after all. */
  checkAgain: string;
  /** Answer of "Check again" while the sign-in is still running. */
  signInNotFinished: string;
  /** The admin declined consent at the provider. */
  oauthCancelled: string;
  /** Label of the redirect URI to register with the provider. */
  fallbackUrl: string;
  /** Where to register the redirect URI, per provider. */
  fallbackUrlHint: Record<OAuthProvider, string>;
  /** Visible text of the copy button. */
  copy: string;
  /** Accessible name of a copy button. */
  copyLabel: (label: string) => string;
  /** Announced once the text is on the clipboard. */
  copied: string;
  /** Hint of a secret the server holds, with an empty input. */
  secretSaved: string;
  /** Hint of an empty Refresh Token with none saved: Get Refresh Token fills it, pasting is optional. */
  refreshTokenHint: string;
  /** Hint of the Refresh Token after a sign-in, until Save stores the token. */
  secretObtained: string;
  /** Hint of a secret that saving will remove. */
  secretCleared: string;
  /** Button that removes a saved secret. */
  clear: string;
  /** Accessible name of a clear button. */
  clearLabel: (label: string) => string;
  /** Button that undoes "Clear". */
  keepSaved: string;
  /** Visible text of the show-secret toggle. */
  show: string;
  /** Visible text of the hide-secret toggle. */
  hide: string;
  /** Accessible name of the show-secret toggle. */
  showLabel: (label: string) => string;
  /** Accessible name of the hide-secret toggle. */
  hideLabel: (label: string) => string;
  /** Label of the optional test recipient. */
  sendTestTo: string;
  /** Hint under the test recipient. */
  sendTestToHint: string;
  /** The Test button. */
  test: string;
  /** Shown while the test runs. */
  testing: string;
  /** Button that stops a running test. */
  cancelTest: string;
  /** Announced when the admin stopped a test. */
  testCancelled: string;
  /** Accessible name of the test result area. */
  testResult: string;
  /** Summary of a passing test. */
  testPassed: string;
  /** Summary of a failing test. */
  testFailed: (stage: string) => string;
  /** Status of a passing stage. */
  stageOk: string;
  /** Status of a failing stage. */
  stageFailed: string;
  /** Status of a stage that had nothing to check, such as TLS with security None. */
  stageSkipped: string;
  /** Status of the stage a running test is at. */
  stageRunning: string;
  /** A stage's duration. */
  milliseconds: (ms: number) => string;
  /** The Save button. */
  save: string;
  /** Shown while saving. */
  saving: string;
  /** Announced after a save. */
  saved: string;
  /** Why Save is unavailable until a test passes; also the answer to NOT_TESTED. */
  testBeforeSave: string;
  /** Why Save is unavailable after the last test of the same values failed. */
  testFailedBeforeSave: string;
  /** Badge above a test result when the values changed after that test; also announced. */
  testOutdated: string;
  /** Under the field a failed test blames, such as the password the server refused. */
  testBlamed: string;
  /** Why Save is unavailable without edits. */
  noChanges: string;
  /** The dirty indicator. */
  unsavedChanges: string;
  /** A save lost against someone else's (VERSION_CONFLICT). */
  conflict: string;
  /** Button that loads the settings again after a conflict. */
  reload: string;
  /** Under a conflict: what Reload does to the changes made in this form. */
  reloadDiscards: string;
  /** A request the server could not serve because its database was locked elsewhere (STORE_BUSY). */
  storeBusy: string;
  /** Summary when fields need attention. */
  fixErrors: string;
  /** Label of the delivery status line. */
  deliveryStatus: string;
  /** When a message was last delivered. */
  lastSent: (date: string) => string;
  /** In place of {@link lastSent} before any message was delivered. */
  nothingSent: string;
  /** How many messages of the last 24 hours failed for good. */
  failedToday: (count: number) => string;
  /** How many messages wait for the settings to be fixed. */
  heldCount: (count: number) => string;
  /** The banner while mail is held: how many wait, since when (a date), why (one of `failureReasons`, or the outbox's own words without their full stop), what Save does. */
  heldBanner: (count: number, since: string, reason: string) => string;
  /** Said once when a hold ends (a save, here or elsewhere): the waiting mail goes out. */
  heldEnded: string;
  /** Why mail is held or a Test failed, per failure code, as a clause within a sentence. */
  failureReasons: Record<DeliveryErrorCode, string>;
  /** Who saved the settings last, and when (a date). */
  lastSaved: (actor: string, date: string) => string;
  /** The disclosure with the audit trail. */
  history: string;
  /** The audit trail has no entries. */
  historyEmpty: string;
  /** A save in the audit trail, with the labels of the fields it changed (empty when none is known). */
  auditSaved: (fields: string) => string;
  /** A Test in the audit trail: the server (`host:port`) and its outcome (`auditPassed` or a failure reason). */
  auditTested: (server: string, outcome: string) => string;
  /** Outcome of a Test that passed. */
  auditPassed: string;
  /** A refresh token the provider replaced and the mailer saved. */
  auditRotated: string;
  /** An operator's key rotation sealing the same secrets with the new key, with the labels of those fields. */
  auditResealed: (fields: string) => string;
  /**
   * Translations of the field errors, keyed by the English text the schema gives in the browser and the
   * server sends (`FieldMessage`); a message left out, or one the schema does not know, shows as received.
   */
  fieldMessages: Partial<Record<FieldMessage, string>>;
}
