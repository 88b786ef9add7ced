import { MicrosoftClientIdSchema, TenantIdSchema } from '@smtp-settings/schema';
import { notice } from '../../failures/server-text.js';
import type { ProviderProfile } from '../provider.js';

const MICROSOFT_HOSTS = /(^|\.)(office365\.com|office365\.us|outlook\.com)$/i;

/** Microsoft 365 (Entra ID) as an admin meets it: its name, the app registration's fields, its advice. */
export const MICROSOFT_PROFILE: ProviderProfile = {
  label: 'Microsoft',
  appFields: { clientId: MicrosoftClientIdSchema, tenantId: TenantIdSchema },
  sendAsWarning: (account, fromEmail) => notice('warning.sendAsMicrosoft', { account, fromEmail }),
  basicAuthWarning: (host) => (MICROSOFT_HOSTS.test(host) ? notice('warning.basicAuthMicrosoft') : undefined),
};
