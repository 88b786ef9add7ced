import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SmtpSettingsDraftSchema } from './draft.js';
import * as FIELD_MESSAGES from './field-messages.js';
import { keepRefusal } from './secret-binding.js';
import { FlowIdSchema, SECRET_FIELDS, secretValue } from './secrets.js';
import { SmtpSettingsSchema, settingsSchemas } from './settings.js';

const basic = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  password: 'correct horse battery staple',
  fromEmail: 'notifications@example.com',
};
const { password: _password, ...withoutPassword } = basic;
const microsoft = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  clientSecret: 'ms~secret',
  tenantId: 'contoso.onmicrosoft.com',
  fromEmail: 'notifications@contoso.com',
};
const google = {
  ...microsoft,
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  tenantId: undefined,
};

// Bad inputs that between them break every rule of every schema, so each message the schemas can say is heard.
const BAD_SETTINGS: unknown[] = [
  'not an object',
  { ...basic, authType: 'smtp' },
  { ...microsoft, provider: 'yahoo' },
  { ...basic, surprise: true },
  { authType: 'basic' },
  { authType: 'oauth', provider: 'microsoft' },
  { authType: 'oauth', provider: 'google' },
  ...[
    '',
    'smtp://mail.example.com',
    'mail example.com',
    '[2001:db8::25]',
    'mail.example.com:587',
    `${'a'.repeat(250)}.com`,
    '2001:db8:::25',
    '256.1.1.1',
    '-mail.example.com',
    42,
  ].map((host) => ({ ...basic, host })),
  ...['587', 0, 65536, 2.5].map((port) => ({ ...basic, port })),
  { ...basic, security: 'ssl' },
  { ...basic, allowInvalidCertificate: 'yes' },
  ...['', 'Acme <a@example.com>', `${'a'.repeat(250)}@example.com`, 'nope', 7].map((fromEmail) => ({
    ...basic,
    fromEmail,
  })),
  ...[7, 'Acme\r\nBcc: x@example.com', 'Acme \ud83d', 'a'.repeat(257)].map((fromName) => ({
    ...basic,
    fromName,
  })),
  ...[7, 'mailer\n', 'a'.repeat(257)].map((username) => ({ ...basic, username })),
  ...[7, 'p\u0000', 'p'.repeat(1025)].map((password) => ({ ...basic, password })),
  ...[7, 'not-a-guid'].map((clientId) => ({ ...microsoft, clientId })),
  ...['', 'common', 'Organizations', 'CONSUMERS', 'not a domain', 7].map((tenantId) => ({
    ...microsoft,
    tenantId,
  })),
  ...['s\u0000', 's'.repeat(1025)].map((clientSecret) => ({ ...microsoft, clientSecret })),
  ...[7, 'abc.apps.example.com', 'abc.apps.googleusercontent.com'].map((clientId) => ({
    ...google,
    clientId,
  })),
  ...['t\n', 't'.repeat(16_385)].map((refreshToken) => ({ ...google, refreshToken })),
  ...['31.12.2026', 20261231].map((clientSecretExpiresAt) => ({ ...microsoft, clientSecretExpiresAt })),
  { ...microsoft, sendingMethod: 'ews' },
  { ...microsoft, signIn: 'certificate' },
];

const BAD_DRAFTS: unknown[] = [
  { ...basic, password: '' },
  { ...basic, password: { keep: false } },
  { ...google, refreshToken: { flow: 'too-short' } },
];

/** Every message the schemas give for the inputs, each issue's own, not only the first of a field. */
function messagesOf(schema: v.GenericSchema, inputs: unknown[]): string[] {
  return inputs.flatMap((input) => v.safeParse(schema, input).issues?.map((issue) => issue.message) ?? []);
}

const heard = new Set([
  ...messagesOf(SmtpSettingsSchema, BAD_SETTINGS),
  ...messagesOf(SmtpSettingsDraftSchema, BAD_DRAFTS),
  ...SECRET_FIELDS.flatMap((field) => messagesOf(secretValue(field), [''])),
  ...messagesOf(FlowIdSchema, [7]),
  // Refusing to keep a saved secret for another server or app registration.
  ...SECRET_FIELDS.flatMap(
    (field) => keepRefusal(field, basic, { ...basic, host: 'smtp.example.net' }) ?? [],
  ),
  ...[keepRefusal('refreshToken', microsoft, { ...microsoft, sendingMethod: 'graph' })].flatMap(
    (message) => message ?? [],
  ),
  // A required key whose schema takes `undefined` has no prompt of its own, so the generic one answers.
  ...messagesOf(
    settingsSchemas({ password: v.unknown(), clientSecret: v.unknown(), refreshToken: v.unknown() }).basic,
    [withoutPassword],
  ),
]);

describe('FIELD_MESSAGES', () => {
  it('holds every message the schemas give', () => {
    const known = new Set<string>(Object.values(FIELD_MESSAGES));
    expect([...heard].filter((message) => !known.has(message))).toEqual([]);
  });

  it('holds no message the schemas never give', () => {
    expect(Object.values(FIELD_MESSAGES).filter((message) => !heard.has(message))).toEqual([]);
  });

  it('gives each message one name, so a translation keyed by the text is never ambiguous', () => {
    const messages = Object.values(FIELD_MESSAGES);
    expect(new Set(messages).size).toBe(messages.length);
  });
});
