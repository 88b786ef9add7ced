import { DEFAULT_PRESETS } from '@smtp-settings/adapter';
import type { SmtpPreset } from '@smtp-settings/schema';
import { DEV_SMTP_LOGIN } from './dev-smtp-server.js';

/**
 * The adapter's presets with the demo's own mail server first, where it really listens. It replaces
 * the generic "Local development server" (localhost:1025 without TLS), which this server, requiring
 * STARTTLS before a login, would refuse.
 */
export function devServerPresets(server: { host: string; port: number }): SmtpPreset[] {
  return [
    {
      id: 'demo',
      label: 'Demo mail server (this machine)',
      host: server.host,
      port: server.port,
      security: 'starttls',
      username: DEV_SMTP_LOGIN.user,
      // Not the password: the adapter's answers never hold the one the admin types, demo or not.
      note: `User "${DEV_SMTP_LOGIN.user}", password as shown beside the form; the mail lands in the Inbox.`,
    },
    ...DEFAULT_PRESETS.filter((preset) => preset.id !== 'local'),
  ];
}
