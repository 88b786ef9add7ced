import type { SmtpErrorCode } from '@smtp-settings/schema';

/** The one-sentence fix for each failure code, shown under the failed step. */
export const HINTS: Readonly<Record<SmtpErrorCode, string>> = {
  DNS_NOT_FOUND: 'Check the spelling of the SMTP server name; it does not exist in DNS.',
  HOST_NOT_ALLOWED:
    'This server address is blocked by the administrator of this application; use a public mail server.',
  CONNECTION_REFUSED: 'Check the port, and that a firewall lets this server reach the mail server on it.',
  CONNECTION_LOST:
    'The mail server closed the connection; check the port and connection security, then try again.',
  TIMEOUT: 'The mail server did not answer in time; check the host, the port and any firewall in between.',
  TLS_WRONG_MODE:
    'The port and the connection security disagree: use SSL/TLS on port 465 and STARTTLS on port 587.',
  TLS_CERT_INVALID:
    'The server certificate is not trusted or does not match the host name; use the name on the certificate.',
  TLS_FAILED: 'The secure connection could not be set up; check the connection security setting.',
  STARTTLS_UNSUPPORTED:
    'The server does not offer STARTTLS on this port; choose SSL/TLS (port 465) or another port.',
  AUTH_FAILED: 'Check the user name and password.',
  AUTH_MECH_UNSUPPORTED:
    'The server does not offer a login method we can use here; check the connection security and the authentication type.',
  AUTH_REQUIRED: 'The server requires a login: enter a user name and password.',
  SMTP_AUTH_DISABLED:
    'Authenticated SMTP is turned off for this mailbox or tenant: enable "Authenticated SMTP" for the mailbox in the Microsoft 365 admin center.',
  TOKEN_REVOKED: 'Get a new refresh token.',
  TOKEN_FAILED:
    'The identity provider refused to issue an access token; check the OAuth client ID and secret.',
  TOKEN_ENDPOINT_UNREACHABLE:
    "The identity provider's token endpoint could not be reached in time; check this server's network connection, proxy and firewall.",
  SENDER_REJECTED:
    'The account may not send as the From Email: use the account\'s own address or grant it "Send As" on that address.',
  RECIPIENT_REJECTED:
    'The server refused the recipient address; check it or try an address in your own domain.',
  MESSAGE_REJECTED: 'The server refused the message itself; check its size and content rules.',
  RATE_LIMITED: 'The server is throttling this account; wait a few minutes and try again.',
  SMTP_ERROR: 'The server answered with an unexpected error; its reply is shown above.',
};

/**
 * Fixes more specific than a code's default, for situations the classifiers and the connection test
 * recognise: a reply from Microsoft 365 or Gmail, a port that wants the other kind of TLS, a login
 * method the server does not take.
 */
export const SPECIFIC_HINTS = {
  toStartTls:
    'This port speaks plain SMTP first: choose STARTTLS (usually port 587), or keep SSL/TLS and use port 465.',
  toImplicitTls:
    'This port expects SSL/TLS from the first byte (usually port 465): choose SSL/TLS, or keep STARTTLS and use port 587.',
  encryptFirst:
    'The server accepts a login only over an encrypted connection: choose STARTTLS (port 587) or SSL/TLS (port 465).',
  authenticatedSmtp:
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), and check the user name and password.',
  authenticatedSmtpOff:
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), or for the whole tenant.',
  basicAuthOff:
    'Microsoft has turned off password sign-in (Basic auth) for SMTP here: choose Microsoft OAuth instead of a password.',
  securityDefaults:
    'Security defaults or a Conditional Access policy block password sign-in for SMTP: choose Microsoft OAuth instead of a password.',
  microsoftOauth:
    'Enable "Authenticated SMTP" for the mailbox, and check that the app was granted the SMTP.Send permission for it.',
  sendAs:
    'Grant the signed-in account "Send As" on the From address (Exchange admin center → Mailboxes → Delegation), or use the account\'s own address as From Email.',
  googleAppPassword: 'Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  googleCredentials:
    'Check the user name and password; Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  oauthToken:
    'The server refused the access token: sign in again with the account whose address is the user name, and check that the app may send mail (Google: https://mail.google.com/, Microsoft: SMTP.Send).',
  temporary: 'The server reported a temporary problem; try again in a few minutes.',
  untrusted:
    "The certificate is not signed by an authority this server trusts: use the provider's official host name, or allow an invalid certificate only for a server you control.",
  outdated:
    "The mail server's certificate is out of date: its administrator must renew it (or fix the server clock).",
  certificateName: 'Use the host name the certificate was issued for as the SMTP server name.',
  oldTls:
    'The mail server offers only outdated TLS versions (before 1.2): ask its administrator to update it.',
  onlyOauth:
    'The server accepts only OAuth here: choose OAuth (Google or Microsoft) as the authentication type.',
  noOauth:
    'This server does not accept OAuth here: choose password authentication, or check the host and port.',
  loginOnlyEncrypted:
    'The server offers a login only over an encrypted connection, if at all: choose STARTTLS (port 587) or SSL/TLS (port 465).',
  loginNotOnThisPort:
    'The server wants a login but offers none on this port: use its submission port (587 with STARTTLS, or 465 with SSL/TLS).',
} as const;
