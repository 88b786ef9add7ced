import type { SmtpSettings } from '@smtp-settings/schema';

const MICROSOFT_HOSTS = /(^|\.)(office365\.com|office365\.us|outlook\.com)$/i;
const GOOGLE_HOSTS = /^smtp\.(gmail|googlemail)\.com$/i;

/** Warnings about settings that work today but that the provider is retiring or restricting. */
export function providerWarnings(settings: SmtpSettings): string[] {
  if (settings.authType !== 'basic' || !settings.username) return [];
  if (MICROSOFT_HOSTS.test(settings.host)) {
    return [
      'Microsoft turns SMTP Basic auth off by default at the end of December 2026 — use OAuth Authentication with Microsoft instead.',
    ];
  }
  if (GOOGLE_HOSTS.test(settings.host)) {
    return [
      'Google accepts only app passwords for SMTP Basic auth, and they stop working when the account password changes — use OAuth Authentication with Google instead.',
    ];
  }
  return [];
}
