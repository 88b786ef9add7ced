import { FIELD_MESSAGES, GoogleClientIdSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import { notice } from '../../failures/server-text.js';
import type { ProviderProfile } from '../provider.js';

const GOOGLE_HOSTS = /^smtp\.(gmail|googlemail)\.com$/i;
// Google revokes a refresh token unused for six months; 180 days is a little under the shortest six
// calendar months (181), so the warning never comes late. (Tokens of apps in Testing expire after 7 days however used:
// their answer says so, and the connection keeps it as `refreshTokenExpiresAt`.)
const IDLE_LAPSE_MS = 180 * 86_400_000;

/** Google Workspace as an admin meets it: its name, the OAuth client's fields, its advice. */
export const GOOGLE_PROFILE: ProviderProfile = {
  label: 'Google',
  appFields: {
    clientId: GoogleClientIdSchema,
    // Google's OAuth clients belong to no tenant: the field is refused like any unknown one.
    tenantId: v.optional(v.never(FIELD_MESSAGES.unknownField)),
    // Google sends only over SMTP.
    sendingMethod: v.optional(v.never(FIELD_MESSAGES.unknownField)),
  },
  sendAsWarning: (account, fromEmail) => notice('warning.sendAsGoogle', { account, fromEmail }),
  basicAuthWarning: (host) => (GOOGLE_HOSTS.test(host) ? notice('warning.basicAuthGoogle') : undefined),
  idleLapseMs: IDLE_LAPSE_MS,
};
