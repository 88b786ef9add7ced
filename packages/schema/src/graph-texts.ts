/**
 * The texts of sending through Microsoft Graph and of Application sign-in: the Test's `token` and `mailbox`
 * stages, Graph's failures and their fixes, part of `SERVER_TEXTS`.
 */
export const GRAPH_TEXTS = {
  'hint.GRAPH_ACCESS_DENIED':
    'Grant the app the Microsoft Graph permission Mail.Send ({permissionKind}) and grant admin consent in Entra ID → App registrations → API permissions.',
  'hint.GRAPH_POLICY_DENIED':
    'An application access policy (or an Exchange RBAC scope) keeps the app from this mailbox: add {mailbox} to the group the policy allows, then wait up to an hour for it to apply.',
  'hint.MAILBOX_NOT_FOUND':
    'No mailbox {mailbox} exists in this tenant: check the From Email and the Tenant ID.',
  'hint.MAILBOX_NOT_LICENSED':
    '{mailbox} has no Exchange Online mailbox (unlicensed, inactive, soft-deleted or on-premises): assign it an Exchange Online licence, or use another mailbox.',
  'hint.SERVICE_UNAVAILABLE':
    'Microsoft Graph is busy or unavailable for now; mail is retried, and the Test can be run again in a few minutes.',
  'hint.graphSendAsDenied':
    'The signed-in account may not send as {mailbox}: grant it "Send As" on {mailbox} in the Exchange admin center, or sign in as {mailbox}.',
  'hint.graphThrottled':
    'Microsoft Graph is throttling this mailbox or app; mail waits {retryAfterSeconds} s as Graph asks and is then retried.',
  'hint.graphTokenRejected':
    "Microsoft Graph refused the access token: check that the Tenant ID is the mailbox's tenant and that the app has the Mail.Send permission with admin consent.",
  'hint.smtpSendAsApp':
    'Grant the app the Office 365 Exchange Online permission SMTP.SendAsApp with admin consent, register its service principal in Exchange Online and give it access to {mailbox} (Add-MailboxPermission).',
  'hint.appTokenResource':
    "Microsoft found no service for {scope} in this tenant: check that the Tenant ID is the mailbox's tenant and that it has Exchange Online, then grant admin consent to the app's API permissions (Entra ID → App registrations → API permissions).",
  'hint.appTokenScope':
    'Microsoft refused the scope {scope}: Application sign-in needs a resource\'s ".default" scope; ask the administrator of this application to check the Microsoft endpoints it is configured with (the SMTP app scope and the Graph origin).',
  'hint.appTokenUnauthorized':
    'Microsoft does not let this app get tokens on its own: check in Entra ID → Enterprise applications that the app is enabled for users to sign in, and under App registrations → Certificates & secrets that the client secret entered here is still listed.',
  'hint.graphTooLarge':
    "Microsoft Graph takes a message of at most 4 MB as sent (attachments grow by a third on the way): send smaller attachments or links to the files, or send with the SMTP method, which takes messages up to the mailbox's limit (35 MB by default).",
  'failure.graphTooLarge':
    'The message is {sizeMb} MB as Microsoft Graph would receive it, over its limit of {limitMb} MB.',
  'failure.graphAccessDenied': 'Microsoft Graph denied access to {mailbox} ({reason}).',
  'failure.graphPolicyDenied': 'A tenant policy keeps the app from sending as {mailbox} ({reason}).',
  'failure.graphSendAsDenied': 'Microsoft Graph refused to send as {mailbox} ({reason}).',
  'failure.graphMailboxNotFound': 'Microsoft Graph has no mailbox {mailbox}.',
  'failure.graphMailboxNotLicensed': '{mailbox} cannot send through Microsoft Graph ({reason}).',
  'failure.graphThrottled': 'Microsoft Graph is throttling requests (429).',
  'failure.graphUnavailable': 'Microsoft Graph answered {status}; it may be busy.',
  'failure.graphTokenRejected': 'Microsoft Graph refused the access token ({reason}).',
  'failure.graphUnreachable': 'Could not reach Microsoft Graph ({reason}).',
  'failure.graphTimeout': 'Microsoft Graph did not answer within {limitMs} ms.',
  'failure.graphRefused': 'Microsoft Graph refused the request ({status} {reason}).',
  'detail.tokenDelegated': 'Access token for {resource} from the refresh token of {account}',
  'detail.tokenApplication': 'Application token for {resource} (app {clientId}, tenant {tenantId})',
  'detail.mailboxFound': 'Mailbox {mailbox} found ({name})',
  'detail.mailboxNotChecked':
    'Not looked up: the app may not read users (User.Read.All); sending checks the mailbox instead',
  'detail.graphAccepted': 'Microsoft Graph accepted the message for delivery (202)',
  'warning.clientSecretExpiresRead':
    'The client secret expires on {date} (read from the app registration): create a new one and enter it here before then.',
  'warning.clientSecretExpiredRead':
    'The client secret expired on {date} (read from the app registration): create a new one and enter it here.',
} as const;
