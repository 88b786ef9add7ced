import { MicrosoftClientIdSchema, TenantIdSchema } from '@smtp-settings/schema';
import type { ProviderProfile } from '../provider.js';

const MICROSOFT_HOSTS = /(^|\.)(office365\.com|office365\.us|outlook\.com)$/i;

/** Microsoft 365 (Entra ID) as an admin meets it: its name, the app registration's fields, its advice. */
export const MICROSOFT_PROFILE: ProviderProfile = {
  label: 'Microsoft',
  appFields: { clientId: MicrosoftClientIdSchema, tenantId: TenantIdSchema },
  sendAsWarning: (account, fromEmail) =>
    `The token belongs to ${account}, not the From Email ${fromEmail}: grant ${account} "Send As" on ${fromEmail}, or sign in as ${fromEmail}.`,
  basicAuthWarning: (host) =>
    MICROSOFT_HOSTS.test(host)
      ? 'Microsoft turns SMTP Basic auth off by default at the end of December 2026 — use OAuth Authentication with Microsoft instead.'
      : undefined,
};
