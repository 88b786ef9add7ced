import { MicrosoftClientIdSchema, SendingMethodSchema, TenantIdSchema } from '@smtp-settings/schema';
import { notice } from '../../failures/server-text.js';
import type { ProviderProfile } from '../provider.js';

const MICROSOFT_HOSTS = /(^|\.)(office365\.com|office365\.us|outlook\.com)$/i;
// Entra ID's refresh tokens lapse after 90 days of inactivity (AADSTS700082), whatever the app's settings.
const IDLE_LAPSE_MS = 90 * 86_400_000;

/** Microsoft 365 (Entra ID) as an admin meets it: its name, the app registration's fields, its advice. */
export const MICROSOFT_PROFILE: ProviderProfile = {
  label: 'Microsoft',
  appFields: {
    clientId: MicrosoftClientIdSchema,
    tenantId: TenantIdSchema,
    sendingMethod: SendingMethodSchema,
  },
  sendAsWarning: (account, fromEmail) => notice('warning.sendAsMicrosoft', { account, fromEmail }),
  basicAuthWarning: (host) => (MICROSOFT_HOSTS.test(host) ? notice('warning.basicAuthMicrosoft') : undefined),
  idleLapseMs: IDLE_LAPSE_MS,
};
