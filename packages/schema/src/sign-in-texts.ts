/**
 * Why "Get Refresh Token" failed and what to do, as the widget and the callback page show it:
 * `signIn.*` what happened (`{provider}` is the provider's name, `{codes}` its own error codes), the
 * `hint.signIn*` fixes. Part of `SERVER_TEXTS`.
 */
export const SIGN_IN_TEXTS = {
  'signIn.accessDenied': 'The {provider} sign-in was cancelled or the permissions were declined ({codes}).',
  'signIn.redirectMismatch': "The OAuth client does not list this server's redirect URI ({codes}).",
  'signIn.clientInvalid': '{provider} did not accept the client ID or client secret ({codes}).',
  'signIn.grantInvalid':
    '{provider} no longer accepts this sign-in: it took too long or was already completed ({codes}).',
  'signIn.singleTenant':
    'The app registration is single-tenant, so it cannot sign in through the shared "common" endpoint ({codes}).',
  'signIn.tenantUnknown': 'Microsoft does not know this tenant ({codes}).',
  'signIn.secretRefused': 'Microsoft did not accept the client secret ({codes}).',
  'signIn.secretExpired': 'The client secret has expired ({codes}).',
  'signIn.appUnknown': 'Microsoft found no application with this Client ID in the tenant ({codes}).',
  'signIn.redirectUnlisted': "The app registration does not list this server's redirect URI ({codes}).",
  'signIn.refused': '{provider} refused the sign-in ({codes}).',
  'signIn.refusedSaying': '{provider} refused the sign-in ({codes}: {description}).',
  'signIn.refusedUnknown': '{provider} refused the sign-in (unknown error).',
  'signIn.refusedUnknownSaying': '{provider} refused the sign-in (unknown error: {description}).',
  'signIn.unreachable': "Could not reach {provider}'s sign-in service.",
  'signIn.unreachableReason': "Could not reach {provider}'s sign-in service ({reason}).",
  'signIn.incomplete': 'The {provider} sign-in could not be completed.',
  'signIn.incompleteReason': 'The {provider} sign-in could not be completed ({reason}).',
  'signIn.timedOut':
    "Could not reach {provider}'s sign-in service in time: it did not answer within {timeout}.",
  'signIn.noRefreshToken': '{provider} signed in but issued no refresh token.',
  'signIn.noAccount':
    '{provider} signed in but did not say which mailbox (no email or user name in the ID token).',
  'signIn.scopeDeclined': '{provider} signed in without permission to send mail, which SMTP needs.',
  'signIn.tenantUnloadable': "Microsoft could not load the tenant's sign-in settings ({reason}).",
  'signIn.stateUnknown': 'This sign-in is unknown, expired or belongs to another session.',
  'signIn.stateUsed': 'This sign-in was already completed; its link cannot be used twice.',
  'signIn.stateExpired':
    'This sign-in expired: it has to be completed within {minutes} minutes of starting it.',
  'signIn.stateUnreadable':
    "This sign-in can no longer be completed: this server's secret key changed after it started, so what it saved for the sign-in cannot be decrypted.",
  'signIn.serverError': 'The sign-in could not be completed because of an error on this server.',

  'hint.signInAccept':
    'To connect the mailbox, click "Get Refresh Token" again and accept the requested permissions.',
  'hint.signInStartAgain': 'Start again: click "Get Refresh Token" again.',
  'hint.signInCheckApp': 'Check the app registration\'s settings, then click "Get Refresh Token" again.',
  'hint.signInCheckAppCode':
    'Check the app registration\'s settings, then click "Get Refresh Token" again. Microsoft explains the code at https://login.microsoftonline.com/error?code={number}.',
  'hint.signInReach':
    'Check that this server can reach {provider} (proxy, firewall, DNS), then click "Get Refresh Token" again.',
  'hint.signInReachInTime':
    'Check that this server can reach {provider} (network connection, proxy, firewall), then click "Get Refresh Token" again.',
  'hint.signInMailbox': 'Sign in with a mailbox account, then click "Get Refresh Token" again.',
  'hint.signInAllowMail':
    'Click "Get Refresh Token" again and allow the app to read, compose and send your email.',
  'hint.signInAgain': 'Close this window and click "Get Refresh Token" again.',
  'hint.signInServerError':
    'Close this window and click "Get Refresh Token" again; if it keeps failing, tell the administrator of this application.',
  'hint.signInClientGoogle':
    'Copy the Client ID and Client secret of the OAuth client (type "Web application") from APIs & Services → Credentials in the Google Cloud console.',
  'hint.signInClientMicrosoft':
    "Check the Client ID on the app registration's Overview page and paste a current secret's Value from Certificates & secrets.",
  'hint.signInRedirectGoogle':
    'Add the Fallback URL {redirectUri} to Authorized redirect URIs of the OAuth client under APIs & Services → Credentials in the Google Cloud console.',
  'hint.signInRedirectMicrosoft':
    'Register the Fallback URL {redirectUri} as a redirect URI of the Web platform under Authentication in the app registration.',
  'hint.signInRefreshGoogle':
    'Remove the app\'s access at https://myaccount.google.com/permissions, then click "Get Refresh Token" again.',
  'hint.signInRefreshMicrosoft':
    'Make sure the app registration may request offline_access, then click "Get Refresh Token" again.',
  'hint.signInTenant':
    "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com, in Tenant ID.",
  'hint.signInTenantReach':
    "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com, in Tenant ID. If it is right, check that this server can reach Microsoft's sign-in service.",
  'hint.signInNotCommon':
    'Enter the Directory (tenant) ID from the app registration\'s Overview page in Tenant ID, not "common".',
  'hint.signInSecretValue':
    "Paste the secret's Value, not its Secret ID, from Certificates & secrets in the app registration into Client secret.",
  'hint.signInNewSecret':
    'Create a new client secret under Certificates & secrets in the app registration and paste its Value into Client secret.',
  'hint.signInClientId':
    "Check the Client ID (Application ID) and Tenant ID against the app registration's Overview page.",
} as const;
