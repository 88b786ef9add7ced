import { SERVER_TEXTS, type ServerTextKey, type SmtpPreset } from '@smtp-settings/schema';

type Server = Omit<SmtpPreset, 'label' | 'labelKey' | 'note' | 'noteKey'>;

/** A preset whose label (unless a bare brand name) and note come from `SERVER_TEXTS`, keys included. */
function preset(server: Server, label: string | ServerTextKey, note?: ServerTextKey): SmtpPreset {
  const keyed = Object.hasOwn(SERVER_TEXTS, label);
  return {
    ...server,
    label: keyed ? SERVER_TEXTS[label as ServerTextKey] : label,
    ...(keyed && { labelKey: label as ServerTextKey }),
    ...(note && { note: SERVER_TEXTS[note], noteKey: note }),
  };
}

/** Well-known providers' submission endpoints, offered as presets in the form. */
export const DEFAULT_PRESETS: readonly SmtpPreset[] = [
  preset(
    { id: 'microsoft365', host: 'smtp.office365.com', port: 587, security: 'starttls' },
    'preset.microsoft365',
    'presetNote.microsoft365',
  ),
  preset(
    { id: 'gmail', host: 'smtp.gmail.com', port: 465, security: 'tls' },
    'preset.gmail',
    'presetNote.gmail',
  ),
  preset(
    { id: 'ses', host: 'email-smtp.us-east-1.amazonaws.com', port: 587, security: 'starttls' },
    'preset.ses',
    'presetNote.ses',
  ),
  preset(
    { id: 'sendgrid', host: 'smtp.sendgrid.net', port: 587, security: 'starttls', username: 'apikey' },
    'SendGrid',
    'presetNote.sendgrid',
  ),
  preset({ id: 'mailgun', host: 'smtp.mailgun.org', port: 587, security: 'starttls' }, 'Mailgun'),
  preset(
    { id: 'postmark', host: 'smtp.postmarkapp.com', port: 587, security: 'starttls' },
    'Postmark',
    'presetNote.postmark',
  ),
  preset(
    { id: 'local', host: 'localhost', port: 1025, security: 'none' },
    'preset.local',
    'presetNote.local',
  ),
];
