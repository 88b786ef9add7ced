import type { ServerNotice, SmtpSettings } from '@smtp-settings/schema';
import { PROVIDER_PROFILES } from './profiles.js';

/** Warnings about settings that work today but that the provider is retiring or restricting. */
export function providerWarnings(settings: SmtpSettings): ServerNotice[] {
  if (settings.authType !== 'basic' || !settings.username) return [];
  const { host } = settings;
  return Object.values(PROVIDER_PROFILES).flatMap((profile) => profile.basicAuthWarning(host) ?? []);
}
