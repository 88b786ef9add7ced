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
