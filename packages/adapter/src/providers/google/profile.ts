import { FIELD_MESSAGES, GoogleClientIdSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import { notice } from '../../failures/server-text.js';
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
  sendAsWarning: (account, fromEmail) => notice('warning.sendAsGoogle', { account, fromEmail }),
  basicAuthWarning: (host) => (GOOGLE_HOSTS.test(host) ? notice('warning.basicAuthGoogle') : undefined),
};
