import { ERROR_TEXTS } from './error-texts.js';
import { GRAPH_TEXTS } from './graph-texts.js';
import { OUTBOX_TEXTS } from './outbox-texts.js';
import { SIGN_IN_TEXTS } from './sign-in-texts.js';

/**
 * Every text the adapter writes for the admin (a Test's stage details, failure messages and hints,
 * warnings, preset labels and notes, the outbox's failures, sign-in failures, error answers), by stable
 * key: English templates whose `{name}` placeholders the params fill. The server sends the filled English
 * with the key and params (see {@link ServerNotice}); a widget translates by the key and falls back to the
 * English it received.
 */
export const SERVER_TEXTS = {
  'hint.DNS_NOT_FOUND': 'Check the spelling of the SMTP server name; it does not exist in DNS.',
  'hint.HOST_NOT_ALLOWED':
    'This server address is blocked by the administrator of this application; use a public mail server.',
  'hint.CONNECTION_REFUSED':
    'Check the port, and that a firewall lets this server reach the mail server on it.',
  'hint.CONNECTION_LOST':
    'The mail server closed the connection; check the port and connection security, then try again.',
  'hint.TIMEOUT':
    'The mail server did not answer in time; check the host, the port and any firewall in between.',
  'hint.TLS_WRONG_MODE':
    'Port {port} and the connection security disagree: SSL/TLS usually runs on port 465, STARTTLS on port 587.',
  'hint.TLS_CERT_INVALID':
    'The server certificate is not trusted or does not match the host name; use the name on the certificate.',
  'hint.TLS_FAILED': 'The secure connection could not be set up; check the connection security setting.',
  'hint.STARTTLS_UNSUPPORTED':
    'The server does not offer STARTTLS on port {port}; choose SSL/TLS (usually port 465) or another port.',
  'hint.AUTH_FAILED': 'Check the user name and password.',
  'hint.AUTH_MECH_UNSUPPORTED':
    'The server does not offer a login method we can use here; check the connection security and the authentication type.',
  'hint.AUTH_REQUIRED': 'The server requires a login: enter a user name and password.',
  'hint.SMTP_AUTH_DISABLED':
    'Authenticated SMTP is turned off for this mailbox or tenant: enable "Authenticated SMTP" for the mailbox in the Microsoft 365 admin center.',
  'hint.TOKEN_REVOKED': 'Get a new refresh token.',
  'hint.TOKEN_FAILED':
    'The identity provider refused to issue an access token; check the OAuth client ID and secret.',
  'hint.TOKEN_ENDPOINT_UNREACHABLE':
    "The identity provider's token endpoint could not be reached in time; check this server's network connection, proxy and firewall.",
  'hint.SENDER_REJECTED':
    'The account may not send as the From Email: use the account\'s own address or grant it "Send As" on that address.',
  'hint.RECIPIENT_REJECTED':
    'The server refused the recipient address; check it or try an address in your own domain.',
  'hint.MESSAGE_REJECTED': 'The server refused the message itself; check its size and content rules.',
  'hint.RATE_LIMITED': 'The server is throttling this account; wait a few minutes and try again.',
  'hint.SMTP_ERROR': 'The server answered with an unexpected error; its reply is shown above.',
  'hint.toStartTls':
    'Port {port} speaks plain SMTP first: choose STARTTLS, or keep SSL/TLS and use its SSL/TLS port (usually 465).',
  'hint.toImplicitTls':
    'Port {port} expects SSL/TLS from the first byte: choose SSL/TLS, or keep STARTTLS and use its STARTTLS port (usually 587).',
  'hint.encryptFirst':
    'The server accepts a login only over an encrypted connection: choose STARTTLS or SSL/TLS (usually port 587 or 465).',
  'hint.authenticatedSmtp':
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), and check the user name and password.',
  'hint.authenticatedSmtpOff':
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), or for the whole tenant.',
  'hint.basicAuthOff':
    'Microsoft has turned off password sign-in (Basic auth) for SMTP here: choose Microsoft OAuth instead of a password.',
  'hint.securityDefaults':
    'Security defaults or a Conditional Access policy block password sign-in for SMTP: choose Microsoft OAuth instead of a password.',
  'hint.microsoftOauth':
    'Enable "Authenticated SMTP" for the mailbox, and check that the app was granted the SMTP.Send permission for it.',
  'hint.sendAs':
    'Grant the signed-in account "Send As" on the From address (Exchange admin center → Mailboxes → Delegation), or use the account\'s own address as From Email.',
  'hint.googleAppPassword':
    'Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  'hint.googleCredentials':
    'Check the user name and password; Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  'hint.oauthToken':
    'The server refused the access token: sign in again with the account whose address is the user name, and check that the app may send mail (Google: https://mail.google.com/, Microsoft: SMTP.Send).',
  'hint.temporary': 'The server reported a temporary problem; try again in a few minutes.',
  'hint.untrusted':
    "The certificate is not signed by an authority this server trusts: use the provider's official host name, or allow an invalid certificate only for a server you control.",
  'hint.outdated':
    "The mail server's certificate is out of date: its administrator must renew it (or fix the server clock).",
  'hint.certificateName': 'Use the host name the certificate was issued for as the SMTP server name.',
  'hint.oldTls':
    'The mail server offers only outdated TLS versions (before 1.2): ask its administrator to update it.',
  'hint.onlyOauth':
    'The server accepts only OAuth here: choose OAuth (Google or Microsoft) as the authentication type.',
  'hint.noOauth':
    'This server does not accept OAuth here: choose password authentication, or check the host and port.',
  'hint.loginOnlyEncrypted':
    'The server offers a login only over an encrypted connection, if at all: choose STARTTLS or SSL/TLS (usually port 587 or 465).',
  'hint.loginNotOnThisPort':
    'The server wants a login but offers none on port {port}: use its submission port (usually 587 with STARTTLS, or 465 with SSL/TLS).',
  'hint.refreshTokenMissing': 'Get a refresh token first.',
  'hint.tokenFailedGoogle':
    'Check the Client ID and Client secret against the OAuth client under APIs & Services → Credentials in the Google Cloud console.',
  'hint.tokenFailedMicrosoft':
    "Check the Client ID and Tenant ID against the app registration's Overview page, and the Client secret against Certificates & secrets.",
  'hint.tokenEndpoint':
    "This server could not reach {provider}'s token endpoint: check its network connection, proxy and firewall, then try again.",

  'failure.hostInvalid': '{host} is not a valid host name.',
  'failure.hostBlocked':
    '{host} resolves only to addresses this application may not connect to: {addresses}.',
  'failure.addressBlocked': '{addresses} is an address this application may not connect to.',
  'failure.dnsNotFound': 'The host name {host} does not exist in DNS.',
  'failure.dnsNotFoundUnnamed': 'The host name does not exist in DNS.',
  'failure.dnsTemporary': 'DNS did not answer for the host name; it may be a temporary problem.',
  'failure.connectionRefused': 'The mail server refused the connection.',
  'failure.connectionRefusedAt': 'The mail server at {address} port {port} refused the connection.',
  'failure.noRoute': 'There is no network route to the mail server.',
  'failure.noRouteAt': 'There is no network route to the mail server at {address} port {port}.',
  'failure.certificateSelfSigned': 'The server certificate is self-signed.',
  'failure.certificateChainSelfSigned':
    'The server certificate chain ends in a self-signed certificate that is not trusted.',
  'failure.certificateIssuerUnknown':
    'The server certificate could not be verified: its issuer is unknown or missing from the chain.',
  'failure.certificateIssuerUntrusted':
    'The server certificate was issued by an authority this server does not trust.',
  'failure.certificateUntrusted': 'The server certificate is not trusted.',
  'failure.certificateInvalidCa': 'The server certificate chain contains an invalid authority.',
  'failure.certificateSignature': 'The server certificate has an invalid signature.',
  'failure.certificateExpired': 'The server certificate has expired.',
  'failure.certificateNotYetValid': 'The server certificate is not valid yet.',
  'failure.certificateRevoked': 'The server certificate has been revoked.',
  'failure.certificateOtherHost': 'The server certificate was issued for another host name.',
  'failure.certificateNames': 'The server certificate is valid for {names}, not for {host}.',
  'failure.certificateUnverified': 'The server certificate could not be verified ({reason}).',
  'failure.tlsExpected': 'The server expects TLS.',
  'failure.tlsPlainAnswer': 'The server answered the TLS handshake in plain text.',
  'failure.tlsSilentPort':
    'The server sent no greeting but answers a TLS handshake: this port expects SSL/TLS.',
  'failure.tlsHandshake': 'The TLS handshake failed.',
  'failure.tlsHandshakeReason': 'The TLS handshake failed: {reason}.',
  'failure.tlsClosed': 'The server closed the connection during the TLS handshake.',
  'failure.timeout': 'The mail server did not answer in time.',
  'failure.timeoutGreeting': 'The server accepted the connection but never sent its greeting.',
  'failure.timeoutTls': 'The TLS handshake timed out.',
  'failure.timeoutConnect': 'Connecting to the mail server timed out.',
  'failure.timeoutConnectAt': 'Connecting to the mail server at {address} port {port} timed out.',
  'failure.waitDns':
    'DNS did not answer for {host} within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitConnect':
    'No connection to {address} port {port} within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitTls':
    'The TLS handshake did not finish within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitGreeting':
    'The server did not send its greeting within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitMessage':
    'The server did not accept the message within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitReply':
    'The server did not answer {command} within {limitMs} ms; this step took {elapsedMs} ms in all.',
  'failure.waitTotal':
    'The test ran out of time: it may take {limitMs} ms in all, and this step took {elapsedMs} ms.',
  'failure.cancelled': 'The test was cancelled.',
  'failure.connectionLost': 'The server closed the connection unexpectedly.',
  'failure.closedGreeting': 'The server closed the connection instead of sending its greeting.',
  'failure.closedMessage': 'The server closed the connection instead of accepting the message.',
  'failure.closedReply': 'The server closed the connection instead of answering {command}.',
  'failure.handedToTls': 'The connection was handed over to TLS.',
  'failure.notSmtp': "The server's answer is not valid SMTP.",
  'failure.notSmtpReply': 'The server sent something that is not an SMTP reply.',
  'failure.overlongLine': 'The server sent an overlong line.',
  'failure.endlessReply': 'The server sent an endless reply.',
  'failure.mixedReplyCodes': 'The server mixed reply codes within one reply.',
  'failure.loginMethodUnsupported': 'The chosen login method is not supported.',
  'failure.noCredentials':
    'The login failed before the server answered: no password or access token was given.',
  'failure.noRecipient': 'No valid recipient address was given.',
  'failure.noSender': 'No valid sender address was given.',
  'failure.messageTooLarge': 'The message is larger than the server accepts.',
  'failure.messageNotSent': 'The message could not be sent.',
  'failure.unexpected': 'An unexpected error stopped the conversation with the mail server.',
  'failure.authDisabled': 'The server refused the login: authenticated SMTP is not allowed for this account.',
  'failure.sendAsDenied': 'The account may not send as the From address.',
  'failure.mechanismUnsupported': 'The server does not support {command} here.',
  'failure.loginMethodUnsupportedHere': 'The server does not support this login method here.',
  'failure.encryptFirst': 'The server requires an encrypted connection first.',
  'failure.oauthTokenRefused': 'The server refused the OAuth access token.',
  'failure.googlePassword': 'Google refused the password for SMTP.',
  'failure.credentialsRefused': 'The server refused the user name and password.',
  'failure.authRequired': 'The server requires a login before it accepts mail.',
  'failure.mechanismWeak': 'The server considers this login method too weak.',
  'failure.startTlsUnsupported': 'The server does not offer STARTTLS on this port.',
  'failure.startTlsNotOffered': 'The server does not offer STARTTLS on this port (it offers: {offered}).',
  'failure.startTlsRefused': 'The server refused to start TLS.',
  'failure.rateLimited': 'The server is limiting how much this account may connect or send.',
  'failure.temporary': 'The server reported a temporary error ({code}).',
  'failure.senderRefused': 'The server refused the sender (From) address.',
  'failure.recipientRefused': 'The server refused the recipient address.',
  'failure.messageRefused': 'The server refused the message.',
  'failure.commandRefused': 'The server refused {command} ({code}).',
  'failure.stepRefused': 'The server refused this step ({code}).',
  'failure.commandUnexpected': 'The server gave an unexpected answer to {command} ({code}).',
  'failure.stepUnexpected': 'The server gave an unexpected answer in this step ({code}).',
  'failure.noOauth': 'The server does not accept OAuth tokens (XOAUTH2); it offers {offered}.',
  'failure.noOauthNoList': 'The server does not accept OAuth tokens (XOAUTH2); it lists no login methods.',
  'failure.noPasswordLogin':
    'The server offers no password login (PLAIN, LOGIN or CRAM-MD5); it offers {offered}.',
  'failure.noPasswordLoginNoList':
    'The server offers no password login (PLAIN, LOGIN or CRAM-MD5); it lists no login methods.',
  'failure.noAccessToken': 'Could not get an OAuth access token for the mail server.',
  'failure.noRefreshToken': 'There is no {provider} refresh token in the saved settings.',
  'failure.refreshTokenRefused': '{provider} no longer accepts the refresh token ({reason}).',
  'failure.accessTokenRefused': '{provider} refused to issue an access token ({reason}).',
  'failure.noAccessTokenIn': '{provider} answered without an access token.',
  'failure.msalFailed': 'MSAL could not request a token from Microsoft ({reason}).',
  'failure.tokenEndpointUnreachable': 'Could not reach the {provider} token endpoint.',
  'failure.tokenEndpointUnreachableReason': 'Could not reach the {provider} token endpoint ({reason}).',
  'failure.tokenEndpointTimeout': 'The {provider} token endpoint did not answer within {limitMs} ms.',

  'detail.dnsResolved': '{host} resolves to {addresses}',
  'detail.dnsResolvedSomeBlocked': '{host} resolves to {addresses} (not allowed: {blocked})',
  'detail.ipAddress': '{host} is an IP address: no lookup needed',
  'detail.connected': 'Connected to {address} port {port}',
  'detail.connectedGreeting': 'Connected to {address} port {port}; greeting: {reply}',
  'detail.tls': '{protocol}, {cipher}; certificate for {subject} issued by {issuer}',
  'detail.tlsValidUntil':
    '{protocol}, {cipher}; certificate for {subject} issued by {issuer}, valid until {date}',
  'detail.startTls': 'STARTTLS: {protocol}, {cipher}; certificate for {subject} issued by {issuer}',
  'detail.startTlsValidUntil':
    'STARTTLS: {protocol}, {cipher}; certificate for {subject} issued by {issuer}, valid until {date}',
  'detail.tlsSkipped': 'Not encrypted (security: None)',
  'detail.capabilities': '{capabilities}',
  'detail.capabilitiesGreeting': 'greeting: {reply}; {capabilities}',
  'detail.noUser': 'No user name: sending without authentication',
  'detail.noLogin': 'The server offers no login on this connection: sending without authentication',
  'detail.loggedIn': 'Logged in as {user} with {mechanism}',
  'detail.envelope': 'Sender <{from}> and recipient <{to}> accepted',
  'detail.sent': '{reply}',

  'warning.sendAsMicrosoft':
    'The token belongs to {account}, not the From Email {fromEmail}: grant {account} "Send As" on {fromEmail}, or sign in as {fromEmail}.',
  'warning.sendAsGoogle':
    'The token belongs to {account}, not the From Email {fromEmail}: add {fromEmail} as a "Send mail as" address of {account}, or sign in as {fromEmail}.',
  'warning.basicAuthMicrosoft':
    'Microsoft turns SMTP Basic auth off by default at the end of December 2026 — use OAuth Authentication with Microsoft instead.',
  'warning.basicAuthGoogle':
    'Google accepts only app passwords for SMTP Basic auth, and they stop working when the account password changes — use OAuth Authentication with Google instead.',
  'warning.refreshTokenExpires':
    'The refresh token expires on {date} (Google issues 7-day tokens to apps in "Testing" status): publish the app, then Get a new refresh token.',
  'warning.refreshTokenExpired':
    'The refresh token expired on {date} (Google issues 7-day tokens to apps in "Testing" status): publish the app, then Get a new refresh token.',
  'warning.clientSecretExpires':
    'The client secret expires on {date}: create a new one and enter it here before then.',
  'warning.clientSecretExpired':
    'The client secret expired on {date}: create a new one and enter it here before then.',
  'warning.unencryptedLogin':
    'The connection is not encrypted: the user name and password travel in plain text.',
  'warning.startTlsOffered': 'The server offers STARTTLS: choose STARTTLS to encrypt the connection.',
  'warning.noLogin': 'The server offers no login on this connection: mail is sent without authentication.',
  'warning.certificateExpires':
    'The server certificate expires on {date}; mail stops working if it is not renewed.',
  'warning.certificateAccepted':
    'The server certificate is not valid ({reason}). It was accepted because invalid certificates are allowed: the connection is encrypted, but nothing proves it reaches the real server.',

  'preset.local': 'Local development server',
  'presetNote.microsoft365':
    'Microsoft turns SMTP Basic auth off by default at the end of December 2026: prefer OAuth.',
  'presetNote.gmail': 'Basic auth needs an app password; OAuth needs none.',
  'presetNote.ses': 'Use the SMTP endpoint of your region and SMTP credentials, not IAM access keys.',
  'presetNote.sendgrid': 'The user name is the literal word "apikey"; the password is the API key.',
  'presetNote.postmark': 'The server API token is both user name and password.',
  'presetNote.local': 'For a mail catcher on this machine; never for production.',
  ...GRAPH_TEXTS,
  ...OUTBOX_TEXTS,
  ...SIGN_IN_TEXTS,
  ...ERROR_TEXTS,
} as const;

/** Stable key of a text the adapter writes, such as `hint.AUTH_FAILED`. */
export type ServerTextKey = keyof typeof SERVER_TEXTS;

/**
 * The values of a text's `{name}` placeholders. Two kinds of param say how a language words another:
 * with `{name}Unit` (a {@link TimeSpanUnit}) beside it, `name` is an amount of that unit (`span: 48,
 * spanUnit: 'hour'` reads "48 hours"); with `{name}Key` (a `ServerTextKey`) beside it, `name` is the
 * English of that text, filled from the same params, which a translation replaces by its own.
 */
export type ServerTextParams = Readonly<Record<string, string | number>>;

/** The unit of a time span in a text's params (`{name}Unit`), as `Intl.NumberFormat` names it. */
export type TimeSpanUnit = 'hour' | 'minute' | 'second';

/** The placeholder names of a template, e.g. `'host' | 'port'` for `'{host} port {port}'`. */
export type ServerTextParamNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ServerTextParamNames<Rest>
  : never;

/** A text the server wrote for the admin: the English `message`, its catalogue key and the key's params. */
export interface ServerNotice {
  /** The text in English, for API users and logs. */
  message: string;
  /** What a translation replaces it by: its key in `SERVER_TEXTS`. */
  messageKey: ServerTextKey;
  /** The values of the template's placeholders. */
  params?: ServerTextParams;
}
