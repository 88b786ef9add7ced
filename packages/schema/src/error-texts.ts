/**
 * The messages of the adapter's error answers (`{ error: { code, message, messageKey, params } }`): a
 * request it refused, a conflict, a limit reached, a fault of its own; and `field.*`, the field errors it
 * words itself (those of the settings schemas are `FIELD_MESSAGES`). Part of `SERVER_TEXTS`.
 */
export const ERROR_TEXTS = {
  'error.notFound': 'Not found',
  'error.unauthorized': 'Sign in as an administrator to manage mail settings',
  'error.forbidden': 'Only administrators can manage mail settings',
  'error.jsonOnly': 'Send the request body as application/json',
  'error.untrustedOrigin':
    "This request came from origin {origin}, which the server does not trust. If that page is yours, add its origin to the adapter's `trustedOrigins` option (by default only the origin of `publicUrl` is trusted).",
  'error.crossSiteNoOrigin':
    "This request came from another site (Sec-Fetch-Site: cross-site) without naming its origin. Only pages whose origin is in the adapter's `trustedOrigins` option may change mail settings (by default only the origin of `publicUrl` is trusted).",
  'error.methodNotAllowed': 'Use {methods} for this route',
  'error.invalidJson': 'The request body is not valid JSON',
  'error.bodyAlreadyRead':
    'The request body was read before it reached smtp-settings: mount the adapter before any body parser (express.json(), bodyParser, a framework that parses JSON), or leave its path out of that parser',
  'error.tooLarge': 'The request body is too large',
  'error.largerThan': 'The request body is larger than {bytes} bytes',
  'error.fieldsInvalid': 'Some fields need attention',
  'error.ifMatchInvalid':
    'If-Match must carry the settings version returned by GET /settings, e.g. If-Match: "3"',
  'error.versionRequired':
    'Send If-Match with the version you loaded, so a change made elsewhere is not overwritten',
  'error.versionConflict': 'These settings were changed elsewhere. Reload them and try again.',
  'error.notTested':
    'Test these settings before saving: they changed since the last passing test, or that test has expired',
  'error.tooManyTests': 'Too many tests: try again in {seconds} s',
  'error.tooManySignIns': 'Too many sign-ins started: try again in {seconds} s',
  'error.signInNotFound': 'No such sign-in: it expired or was started by someone else',
  'error.signInRefused': '{problem} {fix}',
  'error.storeBusy': 'The settings database is busy. Try again in a moment.',
  'error.internal': 'The server could not complete the request',
  'error.secretMalformed':
    'The stored {field} cannot be decrypted: it is not in the sealed format, so it was cut short or edited.',
  'error.secretKeyUnknown':
    'The stored {field} cannot be decrypted: it was sealed with a key that is no longer configured (key id {keyId}); add that key back to secretKey after the current one.',
  'error.secretRejected':
    'The stored {field} cannot be decrypted: it was altered, or it was sealed for another tenant or field.',
  'error.deliveryNotFound': 'There is no such message in the delivery log',
  'error.resendMailer':
    'This message cannot be resent: it was handed to mailer.send() directly, and its content is never kept.',
  'error.resendSent':
    "This message cannot be resent: it was sent, and a message's content is not kept once it is delivered.",
  'error.resendContentGone': 'This message cannot be resent: its content is no longer kept.',
  'error.resendNotFailed': 'This message cannot be resent: it has not failed: it is {status}.',
  'error.discardSending':
    'This message cannot be discarded: an attempt to send it is under way; try again when it ends.',
  'error.discardFinished': 'This message cannot be discarded: it is already {status}.',

  'field.secretUnreadable': 'The saved value can no longer be decrypted. Enter it again.',
  'field.flowGone': 'This sign-in expired or was already saved: Get a new refresh token.',
  'field.flowUnfinished': 'Get Refresh Token has not completed: finish signing in first.',
  'field.flowOtherApp':
    'This refresh token was obtained for another app registration: Get a new refresh token.',
  'field.returnToInvalid': 'Return address must be an absolute URL',
  'field.returnToForeign': 'Return address must be on this application',
  'field.recipientInvalid': 'Recipient must be one email address',
} as const;
