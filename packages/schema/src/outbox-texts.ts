/**
 * The outbox's own failures, as the delivery log shows them: settings or a secret it cannot use (the
 * tenant's mail is held), a message it cannot open, an error of its own, a message past the retry
 * horizon and a message only some recipients got. Part of `SERVER_TEXTS`.
 */
export const OUTBOX_TEXTS = {
  'failure.notConfigured':
    'No SMTP settings are saved for tenant "{tenant}": an administrator has to set up outgoing mail first.',
  'hint.notConfigured': 'Open the mail settings, enter the outgoing mail server, test it and save.',
  'failure.settingsInvalid': 'The saved SMTP settings are not valid ({fields}).',
  'hint.settingsInvalid': 'Open the mail settings, check the fields named, test and save.',
  'failure.secretUnreadable': 'The saved {field} cannot be decrypted with the keys this server has.',
  'hint.secretUnreadable':
    'Add the key it was sealed with to secretKey, or enter it again in the mail settings and save.',
  'failure.messageUnreadable':
    'This server could not decrypt the message: it was sealed with a key it does not have.',
  'hint.messageUnreadable':
    'Keep every key that sealed queued messages in secretKey (the new one first) until they are delivered.',
  'failure.messageUnsupported': 'The stored message is not one this version of smtp-settings can send.',
  'hint.messageUnsupported': 'Hand the message over again.',
  'failure.attemptUnexpected': 'An unexpected error ({name}) stopped the attempt before the server answered.',
  'failure.expired': 'Not delivered within {span} of being handed over.',
  'failure.expiredAfter': 'Not delivered within {span}; the last attempt failed: {last}',
  'hint.expired':
    'Fix what the attempts show (the mail server could not be reached or refused, or the settings were on hold), then resend the message.',
  'failure.partiallyRefused':
    'The server refused {refused} of {total} recipients ({recipients}); the others got the message.',
} as const;
