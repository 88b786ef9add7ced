import { describe, expect, it } from 'vitest';
import type { SealedSettings } from './sealed-record.js';
import { keptSecretNotes, lapsingSecret, SECRET_NOTICE_MS, secretExpiryOf } from './secret-expiry.js';

const application = (
  extra: Partial<Extract<SealedSettings, { provider: 'microsoft' }>> = {},
): SealedSettings => ({
  authType: 'oauth',
  provider: 'microsoft',
  signIn: 'application',
  sendingMethod: 'graph',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'v1.sealed',
  tenantId: 'contoso.onmicrosoft.com',
  fromEmail: 'notifications@contoso.com',
  ...extra,
});

describe('secretExpiryOf', () => {
  it('answers the nearer of the entered and the read end date, and which it is', () => {
    expect(secretExpiryOf(application())).toBeUndefined();
    expect(secretExpiryOf(application({ clientSecretExpiresAt: '2027-01-10' }))).toEqual({
      expiresAt: '2027-01-10T00:00:00.000Z',
      source: 'entered',
    });
    const both = { clientSecretExpiresAt: '2027-01-10', clientSecretReadExpiresAt: '2027-01-09T08:00:00Z' };
    expect(secretExpiryOf(application(both))).toEqual({
      expiresAt: '2027-01-09T08:00:00.000Z',
      source: 'read',
    });
    const same = { clientSecretExpiresAt: '2027-01-10', clientSecretReadExpiresAt: '2027-01-10T00:00:00Z' };
    expect(secretExpiryOf(application(same))?.source).toBe('entered');
    expect(secretExpiryOf(application({ clientSecretReadExpiresAt: 'not a date' }))).toBeUndefined();
  });
});

describe('lapsingSecret', () => {
  it('answers the end date from 30 days before it on, and after it passed', () => {
    const settings = application({ clientSecretReadExpiresAt: '2027-01-10T00:00:00.000Z' });
    const end = Date.parse('2027-01-10T00:00:00.000Z');
    expect(lapsingSecret(settings, new Date(end - SECRET_NOTICE_MS - 1))).toBeUndefined();
    expect(lapsingSecret(settings, new Date(end - SECRET_NOTICE_MS))).toEqual({
      expiresAt: '2027-01-10T00:00:00.000Z',
      source: 'read',
    });
    expect(lapsingSecret(settings, new Date(end + 1))?.source).toBe('read');
  });
});

describe('keptSecretNotes', () => {
  const noted = application({
    clientSecretReadExpiresAt: '2027-01-10T00:00:00.000Z',
    clientSecretLapseWarnedFor: '2027-01-10T00:00:00.000Z',
  });

  it('carries the notes over only with the client secret kept', () => {
    expect(keptSecretNotes(true, noted)).toEqual({
      clientSecretReadExpiresAt: '2027-01-10T00:00:00.000Z',
      clientSecretLapseWarnedFor: '2027-01-10T00:00:00.000Z',
    });
    expect(keptSecretNotes(false, noted)).toEqual({});
    expect(keptSecretNotes(true, undefined)).toEqual({});
    expect(keptSecretNotes(true, application())).toEqual({});
  });
});
