import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors.js';
import {
  BasicSettingsSchema,
  type MicrosoftSettings,
  OAuthSettingsSchema,
  type SmtpSettings,
  type SmtpSettingsInput,
  SmtpSettingsSchema,
  sendingMethodOf,
  signInOf,
} from './settings.js';

const basic = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer',
  password: 'correct horse battery staple',
  fromEmail: 'notifications@example.com',
  fromName: 'Acme',
} satisfies SmtpSettingsInput;

const microsoft = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  clientSecret: 'ms~secret',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  fromEmail: 'notifications@contoso.com',
} satisfies SmtpSettingsInput;

const google = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-secret',
  refreshToken: '1//refresh-token',
  fromEmail: 'notifications@example.com',
} satisfies SmtpSettingsInput;

/** Field path → first message, exactly what the adapter answers and the widget shows. */
function errorsOf(input: unknown): Record<string, string> | undefined {
  const result = v.safeParse(SmtpSettingsSchema, input);
  return result.success ? undefined : fieldErrors(result.issues);
}

describe('SmtpSettingsSchema', () => {
  it.each([
    ['Basic', basic],
    ['Basic on IPv6', { ...basic, host: '2001:db8::25' }],
    ['Basic on loopback IPv6', { ...basic, host: '::1', security: 'none', port: 1025 }],
    ['Basic on an IDN host', { ...basic, host: 'bücher.example' }],
    ['Basic on Office 365', { ...basic, host: 'smtp.office365.com' }],
    ['Basic on IPv4', { ...basic, host: '192.0.2.10' }],
    ['Basic with a tagged sender', { ...basic, fromEmail: 'first.last+tag@mail.sub.example.co.uk' }],
    ['Microsoft with a tenant GUID', microsoft],
    ['Microsoft with a tenant domain', { ...microsoft, tenantId: 'contoso.onmicrosoft.com' }],
    ['Google', google],
  ])('accepts %s', (_, input) => {
    expect(errorsOf(input)).toBeUndefined();
  });

  it('turns empty optional text into undefined', () => {
    const settings: SmtpSettings = v.parse(SmtpSettingsSchema, {
      ...basic,
      username: '',
      password: '',
      fromName: '',
    });
    expect(settings).toMatchObject({ authType: 'basic', username: undefined, password: undefined });
    expect(settings.fromName).toBeUndefined();
  });

  it('keeps an omitted optional field omitted', () => {
    const { username: _, password: __, fromName: ___, ...minimal } = basic;
    expect(v.parse(SmtpSettingsSchema, minimal)).toEqual(minimal);
  });

  it('outputs the narrowed variant', () => {
    const settings = v.parse(SmtpSettingsSchema, { ...microsoft, refreshToken: '' });
    expect(settings.authType === 'oauth' && settings.provider).toBe('microsoft');
    expect((settings as MicrosoftSettings).refreshToken).toBeUndefined();
  });

  it.each([
    [
      'a URL as host',
      { ...basic, host: 'smtp://mail.example.com' },
      'host',
      'Enter the server name only, without smtp:// or https://',
    ],
    [
      'a space in the host',
      { ...basic, host: 'mail .example.com' },
      'host',
      'The server name cannot contain spaces',
    ],
    [
      'a bracketed IPv6 host',
      { ...basic, host: '[::1]' },
      'host',
      'Write the IPv6 address without brackets, like 2001:db8::25',
    ],
    [
      'a port in the host',
      { ...basic, host: 'mail.example.com:587' },
      'host',
      'Put the port number in the SMTP Port field, not in the server name',
    ],
    [
      'an out-of-range IPv4 host',
      { ...basic, host: '256.1.1.1' },
      'host',
      'Enter a valid IPv4 address, like 192.0.2.10',
    ],
    ['port 0', { ...basic, port: 0 }, 'port', 'Port must be a whole number from 1 to 65535'],
    ['port 70000', { ...basic, port: 70000 }, 'port', 'Port must be a whole number from 1 to 65535'],
    ['port 25.5', { ...basic, port: 25.5 }, 'port', 'Port must be a whole number from 1 to 65535'],
    ['port "587"', { ...basic, port: '587' }, 'port', 'Port must be a whole number from 1 to 65535'],
    ['an unknown security', { ...basic, security: 'ssl' }, 'security', 'Choose SSL/TLS, STARTTLS or None'],
    [
      'a header injection in From Name',
      { ...basic, fromName: 'Ops\r\nBcc: x@evil.test' },
      'fromName',
      'From Name cannot contain line breaks or control characters',
    ],
    [
      'NUL in the username',
      { ...basic, username: 'mailer\u0000' },
      'username',
      'Username cannot contain line breaks or control characters',
    ],
    [
      'a line break in the password',
      { ...basic, password: 'pa\nss' },
      'password',
      'Password cannot contain line breaks or control characters',
    ],
    [
      'a display name as From email',
      { ...basic, fromEmail: 'Name <a@b.c>' },
      'fromEmail',
      'Enter the email address only, without a name or < >; put the name in From Name',
    ],
    [
      'a From email without domain',
      { ...basic, fromEmail: 'a@b' },
      'fromEmail',
      'Enter a valid email address, like notifications@example.com',
    ],
    [
      'tenant "common"',
      { ...microsoft, tenantId: 'common' },
      'tenantId',
      `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "common" cannot be used`,
    ],
    [
      'tenant "Organizations"',
      { ...microsoft, tenantId: 'Organizations' },
      'tenantId',
      `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "organizations" cannot be used`,
    ],
    [
      'tenant "consumers"',
      { ...microsoft, tenantId: 'consumers' },
      'tenantId',
      `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "consumers" cannot be used`,
    ],
    [
      'a non-GUID Microsoft client ID',
      { ...microsoft, clientId: 'my-app' },
      'clientId',
      'Client ID must be the Application (client) ID GUID from the Azure app registration',
    ],
    [
      'an empty Microsoft client secret',
      { ...microsoft, clientSecret: '' },
      'clientSecret',
      'Enter the client secret',
    ],
    [
      'a Google client ID without its suffix',
      { ...google, clientId: '123456789012-abc123def456' },
      'clientId',
      'Client ID must end with .apps.googleusercontent.com',
    ],
    [
      'an oversized refresh token',
      { ...google, refreshToken: 'r'.repeat(16_385) },
      'refreshToken',
      'Refresh token can be at most 16384 characters',
    ],
    [
      'an unknown authType',
      { ...basic, authType: 'ntlm' },
      'authType',
      'Choose Basic or OAuth authentication',
    ],
    ['a missing authType', { host: 'smtp.example.com' }, 'authType', 'Choose Basic or OAuth authentication'],
    ['an unknown provider', { ...google, provider: 'yahoo' }, 'provider', 'Choose Microsoft or Google'],
    ['a missing provider', { ...google, provider: undefined }, 'provider', 'Choose Microsoft or Google'],
    ['an extra key', { ...basic, isAdmin: true }, 'isAdmin', 'Unknown field'],
    ['a field of another variant', { ...basic, tenantId: 'contoso.com' }, 'tenantId', 'Unknown field'],
    ['a "constructor" key', { ...basic, constructor: 'x' }, 'constructor', 'Unknown field'],
    ['a missing host', { ...basic, host: undefined }, 'host', 'Enter the SMTP server'],
    [
      'a missing client secret',
      { ...microsoft, clientSecret: undefined },
      'clientSecret',
      'Enter the client secret',
    ],
  ])('refuses %s', (_, input, path, message) => {
    const json = JSON.parse(JSON.stringify(input));
    expect(errorsOf(json)?.[path]).toBe(message);
  });

  it('refuses a "__proto__" key as it arrives from JSON.parse', () => {
    const input = JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(basic).slice(1)}`);
    const errors = errorsOf(input);
    expect(Object.entries(errors ?? {})).toEqual([['__proto__', 'Unknown field']]);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
  });

  it.each([null, 'basic', 42, true])('refuses %j as a whole with a root message', (input) => {
    expect(errorsOf(input)).toEqual({ '': 'Send the settings as a JSON object' });
  });

  it('reports every invalid field, one message each', () => {
    expect(errorsOf({ ...basic, host: '', port: '25', fromEmail: 'nope' })).toEqual({
      host: 'Enter the SMTP server',
      port: 'Port must be a whole number from 1 to 65535',
      fromEmail: 'Enter a valid email address, like notifications@example.com',
    });
  });

  it('never puts the input in a message', () => {
    const marker = 'Leak-Marker-7f3a';
    const inputs = [
      { ...basic, password: `${marker}\n`, host: `${marker}://x`, port: marker, security: marker },
      { ...microsoft, tenantId: marker, clientId: marker, clientSecret: `${marker}\u0000` },
      { ...google, provider: marker },
      { ...basic, authType: marker },
      { ...basic, [marker]: marker },
      marker,
    ];
    for (const input of inputs) {
      const issues = v.safeParse(SmtpSettingsSchema, input).issues ?? [];
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.message).not.toContain(marker);
    }
  });
});

describe('variant schemas', () => {
  it('refuses an unknown provider on the OAuth schema alone', () => {
    const result = v.safeParse(OAuthSettingsSchema, { ...google, provider: 'yahoo' });
    expect(result.issues && fieldErrors(result.issues)).toEqual({ provider: 'Choose Microsoft or Google' });
  });

  it('refuses the wrong authType on the Basic schema alone', () => {
    const result = v.safeParse(BasicSettingsSchema, { ...basic, authType: 'oauth' });
    expect(result.issues && fieldErrors(result.issues)).toEqual({
      authType: 'Choose Basic or OAuth authentication',
    });
  });
});

describe('Microsoft sending method and sign-in', () => {
  const microsoft = {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    clientSecret: 'ms~secret',
    tenantId: 'contoso.onmicrosoft.com',
    fromEmail: 'notifications@contoso.com',
  } as const;

  it('reads settings saved without them as SMTP with a refresh token', () => {
    const settings = v.parse(SmtpSettingsSchema, microsoft);
    if (settings.authType !== 'oauth') throw new Error('not OAuth');
    expect([sendingMethodOf(settings), signInOf(settings)]).toEqual(['smtp', 'delegated']);
  });

  it('keeps Graph and Application sign-in', () => {
    const settings = v.parse(SmtpSettingsSchema, {
      ...microsoft,
      sendingMethod: 'graph',
      signIn: 'application',
    });
    if (settings.authType !== 'oauth') throw new Error('not OAuth');
    expect([sendingMethodOf(settings), signInOf(settings)]).toEqual(['graph', 'application']);
  });

  it('refuses other values with a field-level message', () => {
    const issues = v.safeParse(SmtpSettingsSchema, {
      ...microsoft,
      sendingMethod: 'ews',
      signIn: 'cert',
    }).issues;
    expect(issues?.map((issue) => [v.getDotPath(issue), issue.message])).toEqual([
      ['sendingMethod', 'Choose SMTP or Microsoft Graph'],
      ['signIn', 'Choose Delegated or Application sign-in'],
    ]);
  });

  it('refuses them for Google, which sends only over SMTP', () => {
    const { tenantId: _tenant, ...withoutTenant } = microsoft;
    const google = {
      ...withoutTenant,
      provider: 'google',
      clientId: '123456789012-abc123def456.apps.googleusercontent.com',
      sendingMethod: 'graph',
    };
    expect(v.safeParse(SmtpSettingsSchema, google).issues?.map((issue) => v.getDotPath(issue))).toContain(
      'sendingMethod',
    );
  });
});
