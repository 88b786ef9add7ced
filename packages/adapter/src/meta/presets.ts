import type { SmtpPreset } from '@smtp-settings/schema';

/** Well-known providers' submission endpoints, offered as presets in the form. */
export const DEFAULT_PRESETS: readonly SmtpPreset[] = [
  {
    id: 'microsoft365',
    label: 'Microsoft 365',
    host: 'smtp.office365.com',
    port: 587,
    security: 'starttls',
    note: 'Microsoft turns SMTP Basic auth off by default at the end of December 2026: prefer OAuth.',
  },
  {
    id: 'gmail',
    label: 'Gmail / Google Workspace',
    host: 'smtp.gmail.com',
    port: 465,
    security: 'tls',
    note: 'Basic auth needs an app password; OAuth needs none.',
  },
  {
    id: 'ses',
    label: 'Amazon SES',
    host: 'email-smtp.us-east-1.amazonaws.com',
    port: 587,
    security: 'starttls',
    note: 'Use the SMTP endpoint of your region and SMTP credentials, not IAM access keys.',
  },
  {
    id: 'sendgrid',
    label: 'SendGrid',
    host: 'smtp.sendgrid.net',
    port: 587,
    security: 'starttls',
    username: 'apikey',
    note: 'The user name is the literal word "apikey"; the password is the API key.',
  },
  { id: 'mailgun', label: 'Mailgun', host: 'smtp.mailgun.org', port: 587, security: 'starttls' },
  {
    id: 'postmark',
    label: 'Postmark',
    host: 'smtp.postmarkapp.com',
    port: 587,
    security: 'starttls',
    note: 'The server API token is both user name and password.',
  },
  {
    id: 'local',
    label: 'Local development server',
    host: 'localhost',
    port: 1025,
    security: 'none',
    note: 'For a mail catcher on this machine; never for production.',
  },
];
