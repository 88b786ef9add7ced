import { describe, expect, expectTypeOf, it } from 'vitest';
import { type PublicSecret, type SmtpSettingsPublic, secretFieldsOf, toPublicView } from './public-view.js';
import type { SmtpSettings } from './settings.js';

const basic: SmtpSettings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer',
  password: 'hunter2-Leak-Marker',
  fromEmail: 'notifications@example.com',
  fromName: 'Acme',
};

const google: SmtpSettings = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-Leak-Marker',
  refreshToken: '1//Leak-Marker-refresh',
  fromEmail: 'notifications@example.com',
};

describe('toPublicView', () => {
  it('replaces the password with { set: true } and copies the rest', () => {
    const view = toPublicView(basic);
    expect(view).toEqual({ ...basic, password: { set: true } });
    expect(JSON.stringify(view)).not.toContain('Leak-Marker');
  });

  it('never contains an OAuth secret', () => {
    const view = toPublicView(google);
    expect(view).toMatchObject({ clientSecret: { set: true }, refreshToken: { set: true } });
    expect(JSON.stringify(view)).not.toContain('Leak-Marker');
  });

  it('gives { set: false } for absent or empty secrets', () => {
    const { password: _, ...withoutPassword } = basic;
    expect(toPublicView(withoutPassword)).toMatchObject({ password: { set: false } });
    expect(toPublicView({ ...basic, password: '' })).toMatchObject({ password: { set: false } });
    const view = toPublicView({ ...google, clientSecret: undefined, refreshToken: undefined });
    expect(view).toMatchObject({ clientSecret: { set: false }, refreshToken: { set: false } });
  });

  it('treats any string as set, as with sealed values', () => {
    const sealed = 'v1.k2.AAECAwQFBgcICQoLDA0ODw';
    const view = toPublicView({ ...basic, password: sealed });
    expect(view).toMatchObject({ password: { set: true } });
    expect(JSON.stringify(view)).not.toContain(sealed);
  });

  it('returns a new object and leaves the settings untouched', () => {
    const copy = structuredClone(basic);
    const view = toPublicView(basic);
    expect(view).not.toBe(basic);
    expect(basic).toEqual(copy);
  });

  it('copies only the fields of the variant, not store bookkeeping', () => {
    const record = { ...basic, passwordKeyId: 'k2', passwordNonce: 'Leak-Marker' };
    const view = toPublicView(record);
    expect(Object.keys(view).sort()).toEqual(Object.keys(basic).sort());
    expect(JSON.stringify(view)).not.toContain('Leak-Marker');
  });

  it('refuses a record of an unknown variant', () => {
    const record = { ...google, provider: 'yahoo' } as unknown as SmtpSettings;
    expect(() => toPublicView(record)).toThrow(TypeError);
  });
});

describe('SmtpSettingsPublic', () => {
  it('types every secret of a variant as a required PublicSecret and drops the others', () => {
    type BasicPublic = Extract<SmtpSettingsPublic, { authType: 'basic' }>;
    type GooglePublic = Extract<SmtpSettingsPublic, { provider: 'google' }>;
    expectTypeOf<BasicPublic['password']>().toEqualTypeOf<PublicSecret>();
    expectTypeOf<GooglePublic['refreshToken']>().toEqualTypeOf<PublicSecret>();
    expectTypeOf<'password' extends keyof GooglePublic ? true : false>().toEqualTypeOf<false>();
  });
});

describe('secretFieldsOf', () => {
  it.each([
    [{ authType: 'basic' } as const, ['password']],
    [{ authType: 'oauth', provider: 'microsoft' } as const, ['clientSecret', 'refreshToken']],
    [{ authType: 'oauth', provider: 'google' } as const, ['clientSecret', 'refreshToken']],
  ])('lists the secrets of %j', (settings, fields) => {
    expect(secretFieldsOf(settings)).toEqual(fields);
  });
});
