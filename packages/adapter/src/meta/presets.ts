import { SERVER_TEXTS, type ServerTextKey, type SmtpPreset } from '@smtp-settings/schema';

type Server = Omit<SmtpPreset, 'labelKey' | 'note' | 'noteKey'>;

const SERVERS: readonly Server[] = [
  { id: 'microsoft365', label: 'Microsoft 365', host: 'smtp.office365.com', port: 587, security: 'starttls' },
  { id: 'gmail', label: 'Gmail / Google Workspace', host: 'smtp.gmail.com', port: 465, security: 'tls' },
  {
    id: 'ses',
    label: 'Amazon SES',
    host: 'email-smtp.us-east-1.amazonaws.com',
    port: 587,
    security: 'starttls',
  },
  {
    id: 'sendgrid',
    label: 'SendGrid',
    host: 'smtp.sendgrid.net',
    port: 587,
    security: 'starttls',
    username: 'apikey',
  },
  { id: 'mailgun', label: 'Mailgun', host: 'smtp.mailgun.org', port: 587, security: 'starttls' },
  { id: 'postmark', label: 'Postmark', host: 'smtp.postmarkapp.com', port: 587, security: 'starttls' },
  { id: 'local', label: SERVER_TEXTS['preset.local'], host: 'localhost', port: 1025, security: 'none' },
];

/**
 * A built-in preset with the keys of its texts in `SERVER_TEXTS`: `preset.<id>` for a label in words
 * (a brand name stays as it is), `presetNote.<id>` for its note.
 */
function withTexts(server: Server): SmtpPreset {
  const labelKey = `preset.${server.id}`;
  const noteKey = `presetNote.${server.id}`;
  return {
    ...server,
    ...(Object.hasOwn(SERVER_TEXTS, labelKey) && { labelKey: labelKey as ServerTextKey }),
    ...(Object.hasOwn(SERVER_TEXTS, noteKey) && {
      note: SERVER_TEXTS[noteKey as ServerTextKey],
      noteKey: noteKey as ServerTextKey,
    }),
  };
}

/** Well-known providers' submission endpoints, offered as presets in the form. */
export const DEFAULT_PRESETS: readonly SmtpPreset[] = SERVERS.map(withTexts);
