import type { DeliveryStatus } from '@smtp-settings/schema';
import type { SmtpSettingsErrorDetail } from '@smtp-settings/widget';
import type { GraphFailureMode, OutageMode } from '../demo-api.js';

/**
 * The demo page's own English texts (the element brings its own). Text keys fill `data-i18n` elements of the
 * HTML pages; in any text, `code` and **strong** mark inline code and emphasis (see `rich-text.ts`).
 */
export const pageEn = {
  mainTitle: 'smtp-settings · demo',
  reactTitle: 'smtp-settings · React demo',
  vueTitle: 'smtp-settings · Vue demo',
  skipLink: 'Skip to the mail settings',
  brandTag: 'demo',
  pagesNav: 'Demo pages',
  webComponentPage: 'Web component',
  theme: 'Theme',
  themeSystem: 'System',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeCustom: 'Custom',
  language: 'Language',
  loading: 'Loading…',

  settingsHeading: 'Outgoing mail',
  settingsLead:
    "The `<smtp-settings>` element, talking to the adapter at `/api/smtp`. Test the settings, then save them: the notification below and your app's mail use what you save.",

  deliveryLogHeading: 'Delivery log',
  deliveryLogIntro:
    'The `<smtp-delivery-log>` element: every message handed to the outbox, newest first, updated live. Open one for its attempts; resend or discard it there.',
  eventLogHeading: 'Event log',
  eventLogIntro: "The element's five events as they fire, the latest 20 first.",
  eventLogEmpty: 'No events yet.',
  nothingSavedYet: 'nothing saved yet',
  basic: 'Basic',
  oauth: (provider: string) => `OAuth (${provider})`,
  savedVersion: (version: number, auth: string) => `version ${version}, ${auth} authentication`,
  fieldChanged: (field: string, dirty: boolean) =>
    `${field} changed, ${dirty ? 'unsaved changes' : 'same as saved'}`,
  testPassed: (stages: string) => `passed: ${stages}`,
  testFailed: (stage = 'an unknown stage', code = 'no code') => `failed at ${stage}: ${code}`,
  actionFailed: (action: SmtpSettingsErrorDetail['action'], code: string, message: string) => {
    const what = { load: 'loading', test: 'test', save: 'saving', oauth: 'sign-in' }[action];
    return `${what} failed: ${code}, ${message}`;
  },

  devServerHeading: 'Development mail server',
  devServerUnavailable: (reason: string) => `Could not load the server details: ${reason}`,
  devServerHint:
    'Use these in **Basic Authentication**, or pick the preset **Demo mail server (this machine)** and type the user and password.',
  mailServer: 'mail server',
  host: 'Host',
  port: 'Port',
  security: 'Security',
  user: 'User',
  password: 'Password',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  tenantId: 'Tenant ID',
  signsInAs: 'Signs in as',
  localOAuthHint:
    '**Get Refresh Token** signs in at a local Microsoft/Google look-alike; click **Accept**. Like the real ones, they accept only the app values below.',
  localGraphHint:
    'Sending through **Microsoft Graph** and **Application** sign-in work offline too, with the same Microsoft app values: a local Graph delivers to the Inbox, and the **Microsoft Graph failure** switch there makes it answer with its errors.',
  realOAuthHint:
    "**Get Refresh Token** signs in at the real Microsoft and Google: register the form's Fallback URL with your app registration first.",
  appValues: (provider: string) => `${provider} app values`,
  copy: 'Copy',
  copyName: (group: string, label: string) => `${group} ${label.toLowerCase()}`,
  copyLabel: (name: string) => `Copy ${name}`,
  copied: (name: string) => `Copied ${name}`,
  copyFailed: (name: string) => `Could not copy: select the ${name} and copy it by hand`,
  changePassword: 'Change the password',
  passwordChanged: (password: string) =>
    `The mail server now takes the password ${password} only: saved settings with the old one fail to sign in, and notifications are held until you save the new one.`,
  passwordChangeFailed: (reason: string) => `Could not change the password: ${reason}`,

  notifyHeading: 'Send mail from the app',
  notifyIntro:
    'Hands “Test case TC-42 was updated” to the outbox, the way a host app does: it is stored at once, then sent through the saved settings, retried while the mail server is down and held while the settings fail.',
  recipient: 'Recipient',
  optional: '(optional)',
  sendNotification: 'Send a notification',
  sending: 'Sending…',
  notificationQueued: (to: string) => `Notification queued for ${to}`,
  notificationStatus: (to: string, status: string, details: string, reason?: string) =>
    `Notification for ${to}: ${status}${details ? ` (${details})` : ''}${reason ? `. ${reason}` : ''}`,
  deliveryStatuses: {
    queued: 'queued',
    sending: 'sending',
    retrying: 'retrying',
    held: 'held until the settings are fixed',
    sent: 'sent',
    failed: 'failed',
    discarded: 'discarded',
  } satisfies Record<DeliveryStatus, string>,
  nextAttemptAt: (time: string) => `next attempt at ${time}`,
  sentAt: (time: string) => `at ${time}`,
  outboxId: 'Outbox id',
  deliveryRecord: 'delivery record (JSON)',

  inboxHeading: 'Inbox',
  clear: 'Clear',
  inboxIntro:
    'Everything the development mail server and the local Microsoft Graph receive lands here, live.',
  inboxEmpty: 'No mail yet. Run a test with “Send test email to” or send a notification.',
  messageCount: (count: number, duplicates: number) => {
    const messages = count === 1 ? '1 message' : count ? `${count} messages` : '';
    if (!duplicates) return messages;
    return `${messages}, ${duplicates === 1 ? '1 duplicate' : `${duplicates} duplicates`}`;
  },
  duplicateCopy: (copy: number) => `Duplicate, copy ${copy}`,
  noSubject: '(no subject)',
  from: 'From',
  to: 'To',
  date: 'Date',
  inboxCleared: 'Inbox cleared',
  outageSwitch: 'Mail server outage',
  outageMode: 'Kind of outage',
  outageRefused: 'Connections refused',
  outageUnavailable: '421 Service not available',
  outageRejecting: '550 No such mailbox (fails for good)',
  outageUp: 'The mail server accepts mail.',
  outageDown: (mode: OutageMode, since: string) =>
    ({
      refused: `The mail server is down since ${since}: connections are refused.`,
      unavailable: `The mail server is down since ${since}: it answers every connection with 421 Service not available.`,
      rejecting: `The mail server refuses every recipient since ${since}: 550 No such mailbox.`,
    })[mode],
  outageStopping: 'Stopping the mail server…',
  outageStarting: 'Starting the mail server…',
  outageFailed: (reason: string) => `Could not switch the mail server: ${reason}`,
  graphSwitch: 'Microsoft Graph failure',
  graphMode: 'Kind of failure',
  graphAccessDenied: '403 ErrorAccessDenied (no Mail.Send permission)',
  graphPolicyDenied: '403 application access policy',
  graphSendAsDenied: '403 ErrorSendAsDenied',
  graphMailboxNotFound: '404 ErrorInvalidUser (no such mailbox)',
  graphMailboxNotLicensed: 'MailboxNotEnabledForRESTAPI (no Exchange Online)',
  graphThrottled: '429 throttled (Retry-After 5 s)',
  graphUnavailable: '503 Service unavailable',
  graphNormal: 'Microsoft Graph answers normally.',
  graphFailing: (mode: GraphFailureMode, since: string) =>
    ({
      accessDenied: `Since ${since}, Microsoft Graph refuses to send: 403 ErrorAccessDenied, the app lacks Mail.Send.`,
      policyDenied: `Since ${since}, Microsoft Graph refuses to send: 403, an application access policy blocks the mailbox.`,
      sendAsDenied: `Since ${since}, Microsoft Graph refuses to send: 403 ErrorSendAsDenied.`,
      mailboxNotFound: `Since ${since}, Microsoft Graph knows no such mailbox: 404 ErrorInvalidUser.`,
      mailboxNotLicensed: `Since ${since}, Microsoft Graph refuses to send: MailboxNotEnabledForRESTAPI.`,
      throttled: `Since ${since}, Microsoft Graph throttles every request: 429 with Retry-After.`,
      unavailable: `Since ${since}, Microsoft Graph answers every request with 503 Service unavailable.`,
    })[mode],
  graphBreaking: 'Switching Microsoft Graph to the failure…',
  graphRestoring: 'Bringing Microsoft Graph back to normal…',
  graphSwitchFailed: (reason: string) => `Could not switch Microsoft Graph: ${reason}`,
  inboxUnavailable: (reason: string) => `Could not load the inbox: ${reason}`,
  clearFailed: (reason: string) => `Could not clear the inbox: ${reason}`,
  loadingMessage: 'Loading the message…',
  noTextBody: '(no text body)',
  htmlVersion: 'HTML version',
  htmlVersionTitle: 'HTML version of the message',
  messageUnavailable: 'Message unavailable',
  close: 'Close',

  loadingSettings: 'Loading the saved settings…',
  nothingSaved: 'Nothing saved yet',
  loadedVersion: (version: number) => `Loaded version ${version}`,
  lastSavedVersion: (version: number) => `Last saved version ${version}`,
  frameworkActionFailed: (action: SmtpSettingsErrorDetail['action'], message: string) => {
    const what = { load: 'Loading the settings', test: 'The test', save: 'Saving', oauth: 'Sign-in' }[action];
    return `${what} failed: ${message}`;
  },
  backToMain: 'Back to the main demo',
  reactHeading: 'Outgoing mail in React',
  reactLead:
    "This page renders `<SmtpSettings>` from `@smtp-settings/widget/react`. Props set the element's properties (`endpoint`, `strings`); `onLoad`, `onSave` and `onError` receive its typed events. Theme and language follow the main page's choice.",
  vueHeading: 'Outgoing mail in Vue',
  vueLead:
    "This page renders `<smtp-settings>` from a Vue 3 render function: Vue binds `endpoint` and `strings` as properties and listens to `smtp-settings-load`, `smtp-settings-save` and `smtp-settings-error` like any DOM events. Theme and language follow the main page's choice.",
};

/** Every text of the demo page; a translation must provide each one. */
export type PageText = typeof pageEn;
