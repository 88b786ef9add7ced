import { expect } from '@open-wc/testing';
import { fieldErrors, type SmtpSettingsDraftInput, SmtpSettingsDraftSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import { validateDraft, validateField } from './validate.js';

const BAD_DRAFTS = {
  basic: {
    authType: 'basic',
    host: 'smtp://mail.example.com',
    port: Number.NaN,
    security: 'starttls',
    username: 'line\nbreak',
    password: 'tab\there',
    fromEmail: 'Sales <sales@example.com>',
    fromName: '',
  },
  microsoft: {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: 'not-a-guid',
    clientSecret: { keep: true },
    tenantId: 'common',
    clientSecretExpiresAt: '2026-13-40',
    refreshToken: { flow: 'AAAAAAAAAAAAAAAAAAAAAAAA' },
    fromEmail: '',
  },
  google: {
    authType: 'oauth',
    provider: 'google',
    clientId: '123.apps.example.com',
    clientSecret: 'x'.repeat(1025),
    refreshToken: { clear: true },
    fromEmail: 'ops@example.com',
    fromName: 'Ops',
  },
} as const;

describe('validateDraft', () => {
  for (const [variant, draft] of Object.entries(BAD_DRAFTS)) {
    it(`finds what the server's whole schema finds, field by field (${variant})`, () => {
      const server = v.safeParse(SmtpSettingsDraftSchema, draft);
      expect(server.success).to.equal(false);
      const expected = server.issues ? fieldErrors(server.issues) : {};
      expect(validateDraft(draft as unknown as SmtpSettingsDraftInput)).to.deep.equal(expected);
    });
  }

  it('passes a valid draft and checks the test recipient on its own', () => {
    const draft = {
      ...BAD_DRAFTS.google,
      clientId: '1234567890-abc123.apps.googleusercontent.com',
      clientSecret: 's',
    };
    expect(validateDraft(draft)).to.deep.equal({});
    expect(validateField('sendTo', { sendTo: undefined })).to.equal(undefined);
    expect(validateField('sendTo', { sendTo: 'nobody' })).to.match(/valid email address/);
  });
});
