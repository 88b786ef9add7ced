import { FIELD_MESSAGES, GoogleClientIdSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import type { ProviderProfile } from '../provider.js';

const GOOGLE_HOSTS = /^smtp\.(gmail|googlemail)\.com$/i;

/** Google Workspace as an admin meets it: its name, the OAuth client's fields, its advice. */
export const GOOGLE_PROFILE: ProviderProfile = {
  label: 'Google',
  appFields: {
    clientId: GoogleClientIdSchema,
    // Google's OAuth clients belong to no tenant: the field is refused like any unknown one.
    tenantId: v.optional(v.never(FIELD_MESSAGES.unknownField)),
  },
  sendAsWarning: (account, fromEmail) =>
    `The token belongs to ${account}, not the From Email ${fromEmail}: add ${fromEmail} as a "Send mail as" address of ${account}, or sign in as ${fromEmail}.`,
  basicAuthWarning: (host) =>
    GOOGLE_HOSTS.test(host)
      ? 'Google accepts only app passwords for SMTP Basic auth, and they stop working when the account password changes — use OAuth Authentication with Google instead.'
      : undefined,
};
