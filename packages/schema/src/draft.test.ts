import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type SmtpSettingsDraft, type SmtpSettingsDraftInput, SmtpSettingsDraftSchema } from './draft.js';
import { fieldErrors } from './field-errors.js';
import { isClear, isKeep, type SecretInput } from './secrets.js';

const basic = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 465,
  security: 'tls',
  username: 'mailer',
  fromEmail: 'notifications@example.com',
} satisfies SmtpSettingsDraftInput;

const microsoft = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  tenantId: 'contoso.onmicrosoft.com',
  fromEmail: 'notifications@contoso.com',
} satisfies SmtpSettingsDraftInput;

function parseDraft(input: unknown): { draft?: SmtpSettingsDraft; errors?: Record<string, string> } {
  const result = v.safeParse(SmtpSettingsDraftSchema, input);
  return result.success ? { draft: result.output } : { errors: fieldErrors(result.issues) };
}

describe('SmtpSettingsDraftSchema', () => {
  it('accepts a draft without secrets, meaning keep them all', () => {
    const { draft } = parseDraft(microsoft);
    expect(draft).toEqual(microsoft);
    expect(draft && 'clientSecret' in draft).toBe(false);
  });

  it.each<[string, SecretInput]>([
    ['a new value', 'n3w p4ss'],
    ['a value with a whole emoji', 'p4ss 🔑'],
    ['keep', { keep: true }],
    ['clear', { clear: true }],
  ])('accepts %s for a secret', (_, password) => {
    expect(parseDraft({ ...basic, password }).draft).toEqual({ ...basic, password });
  });

  it.each([
    ['{ keep: false }', { keep: false }, 'Enter a new value, keep the saved one, or clear it'],
    ['{}', {}, 'Enter a new value, keep the saved one, or clear it'],
    ['both markers', { keep: true, clear: true }, 'Enter a new value, keep the saved one, or clear it'],
    [
      'a marker with extra keys',
      { keep: true, value: 'x' },
      'Enter a new value, keep the saved one, or clear it',
    ],
    ['a number', 42, 'Enter a new value, keep the saved one, or clear it'],
    ['null', null, 'Enter a new value, keep the saved one, or clear it'],
    ['""', '', 'Enter a value, or clear the field'],
    ['a line break', 'pa\r\nss', 'Password cannot contain line breaks or control characters'],
    [
      'half an emoji',
      'pa\ud83dss',
      'Remove the broken character (half of an emoji or symbol) from this text',
    ],
    ['an oversized value', 'p'.repeat(1025), 'Password can be at most 1024 characters'],
  ])('refuses %s for a secret', (_, password, message) => {
    expect(parseDraft({ ...basic, password }).errors).toEqual({ password: message });
  });

  it('applies each secret its own limit', () => {
    expect(parseDraft({ ...microsoft, refreshToken: 'r'.repeat(16_384) }).draft).toBeDefined();
    expect(parseDraft({ ...microsoft, clientSecret: 's'.repeat(1025) }).errors).toEqual({
      clientSecret: 'Client secret can be at most 1024 characters',
    });
  });

  it('validates the other fields like the stored settings', () => {
    expect(parseDraft({ ...basic, port: '587', isAdmin: true }).errors).toEqual({
      port: 'Port must be a whole number from 1 to 65535',
      isAdmin: 'Unknown field',
    });
    expect(parseDraft({ ...microsoft, provider: 'yahoo' }).errors).toEqual({
      provider: 'Choose Microsoft or Google',
    });
  });

  it('refuses a secret of another variant', () => {
    expect(parseDraft({ ...basic, clientSecret: { keep: true } }).errors).toEqual({
      clientSecret: 'Unknown field',
    });
  });
});

describe('SmtpSettingsDraft', () => {
  it('types each secret as an optional SecretInput', () => {
    type BasicDraft = Extract<SmtpSettingsDraft, { authType: 'basic' }>;
    expectTypeOf<BasicDraft['password']>().toEqualTypeOf<SecretInput | undefined>();
    expectTypeOf<SecretInput>().toEqualTypeOf<string | { keep: true } | { clear: true }>();
  });
});

describe('isKeep and isClear', () => {
  it.each<[SecretInput | undefined, boolean, boolean]>([
    [undefined, true, false],
    [{ keep: true }, true, false],
    [{ clear: true }, false, true],
    ['new value', false, false],
  ])('classify %j', (input, keep, clear) => {
    expect(isKeep(input)).toBe(keep);
    expect(isClear(input)).toBe(clear);
  });
});
