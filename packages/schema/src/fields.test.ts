import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  FromEmailSchema,
  FromNameSchema,
  GoogleClientIdSchema,
  HostSchema,
  MicrosoftClientIdSchema,
  PortSchema,
  SecuritySchema,
  TenantIdSchema,
  UsernameSchema,
} from './fields.js';

/** The message an admin would see for `input`: the first issue, as fieldErrors() keeps it. */
function firstMessage(schema: v.GenericSchema, input: unknown): string | undefined {
  return v.safeParse(schema, input).issues?.[0].message;
}

const PORT_MESSAGE = 'Port must be a whole number from 1 to 65535';

describe('HostSchema', () => {
  it.each([
    ['smtp.office365.com', 'smtp.office365.com'],
    ['192.0.2.10', '192.0.2.10'],
    ['2001:db8::25', '2001:db8::25'],
    ['::1', '::1'],
    ['fe80::1', 'fe80::1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['1:2:3:4:5:6:192.0.2.1', '1:2:3:4:5:6:192.0.2.1'],
    ['bücher.example', 'bücher.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['localhost', 'localhost'],
    ['  smtp.gmail.com  ', 'smtp.gmail.com'],
    [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
  ])('accepts %j', (input, output) => {
    expect(v.parse(HostSchema, input)).toBe(output);
  });

  it.each([
    ['', 'Enter the SMTP server'],
    ['   ', 'Enter the SMTP server'],
    [null, 'Enter the SMTP server'],
    ['smtp://mail.example.com', 'Enter the server name only, without smtp:// or https://'],
    ['https://mail.example.com', 'Enter the server name only, without smtp:// or https://'],
    ['mail .example.com', 'The server name cannot contain spaces'],
    ['[::1]', 'Write the IPv6 address without brackets, like 2001:db8::25'],
    ['mail.example.com:587', 'Put the port number in the SMTP Port field, not in the server name'],
    [`${'a.'.repeat(126)}ab`, 'The server name is too long (at most 253 characters)'],
    ['256.1.1.1', 'Enter a valid IPv4 address, like 192.0.2.10'],
    ['192.0.2', 'Enter a valid IPv4 address, like 192.0.2.10'],
    ['010.0.0.1', 'Enter a valid IPv4 address, like 192.0.2.10'],
    ['mail.123', 'Enter a valid server name, like smtp.example.com'],
    ['1::2::3', 'Enter a valid IPv6 address, like 2001:db8::25'],
    ['1:2:3:4:5:6:7', 'Enter a valid IPv6 address, like 2001:db8::25'],
    ['1:2:3:4:5:6:7:8::', 'Enter a valid IPv6 address, like 2001:db8::25'],
    ['192.0.2.1::', 'Enter a valid IPv6 address, like 2001:db8::25'],
    ['fe80::1%eth0', 'Enter a valid IPv6 address, like 2001:db8::25'],
    ['-mail.example.com', 'Enter a valid server name, like smtp.example.com'],
    ['mail-.example.com', 'Enter a valid server name, like smtp.example.com'],
    ['mail..example.com', 'Enter a valid server name, like smtp.example.com'],
    ['mail_relay.example.com', 'Enter a valid server name, like smtp.example.com'],
    [`${'a'.repeat(64)}.example`, 'Enter a valid server name, like smtp.example.com'],
  ])('refuses %j', (input, message) => {
    expect(firstMessage(HostSchema, input)).toBe(message);
  });

  it('refuses a 254-character host', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    expect(host).toHaveLength(254);
    expect(firstMessage(HostSchema, host)).toBe('The server name is too long (at most 253 characters)');
  });
});

describe('PortSchema', () => {
  it.each([1, 25, 465, 587, 65535])('accepts %j', (port) => {
    expect(v.parse(PortSchema, port)).toBe(port);
  });

  it.each([0, -1, 70000, 25.5, '587', Number.NaN, Number.POSITIVE_INFINITY, null])('refuses %j', (port) => {
    expect(firstMessage(PortSchema, port)).toBe(PORT_MESSAGE);
  });
});

describe('SecuritySchema', () => {
  it.each(['tls', 'starttls', 'none'])('accepts %j', (security) => {
    expect(v.parse(SecuritySchema, security)).toBe(security);
  });

  it.each(['ssl', 'TLS', ''])('refuses %j', (security) => {
    expect(firstMessage(SecuritySchema, security)).toBe('Choose SSL/TLS, STARTTLS or None');
  });
});

describe('FromEmailSchema', () => {
  const INVALID = 'Enter a valid email address, like notifications@example.com';

  it.each([
    ['first.last+tag@mail.sub.example.co.uk', 'first.last+tag@mail.sub.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    [' notifications@example.com ', 'notifications@example.com'],
    ['ops@xn--bcher-kva.example', 'ops@xn--bcher-kva.example'],
  ])('accepts %j', (input, output) => {
    expect(v.parse(FromEmailSchema, input)).toBe(output);
  });

  it.each([
    ['', 'Enter the From email address'],
    ['a@b', INVALID],
    ['first last@example.com', INVALID],
    ['ops@example.com\r\nBcc: x@evil.test', INVALID],
    ['ops.example.com', INVALID],
    ['.ops@example.com', INVALID],
    ['ops..team@example.com', INVALID],
    ['ops@-example.com', INVALID],
    ['Name <a@b.c>', 'Enter the email address only, without a name or < >; put the name in From Name'],
    [
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
      'The email address is too long (at most 254 characters)',
    ],
    [`${'a'.repeat(65)}@example.com`, INVALID],
  ])('refuses %j', (input, message) => {
    expect(firstMessage(FromEmailSchema, input)).toBe(message);
  });
});

describe('FromNameSchema', () => {
  const CONTROL = 'From Name cannot contain line breaks or control characters';
  const BROKEN = 'Remove the broken character (half of an emoji or symbol) from this text';

  it.each([
    ['Acme Notifications', 'Acme Notifications'],
    ['  Acme  ', 'Acme'],
    ['Zoë Müller 🚀', 'Zoë Müller 🚀'],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
  ])('accepts %j', (input, output) => {
    expect(v.parse(FromNameSchema, input)).toBe(output);
  });

  it.each([
    ['Ops\r\nBcc: x@evil.test', CONTROL],
    ['Ops\u0000', CONTROL],
    ['Ops\u0085Team', CONTROL],
    ['Ops \ud83d', BROKEN],
    ['\udc00Ops', BROKEN],
    ['Ops\u0000\ud800', CONTROL],
    ['a'.repeat(257), 'From Name can be at most 256 characters'],
    [42, 'Enter text, or leave the field empty'],
  ])('refuses %j', (input, message) => {
    expect(firstMessage(FromNameSchema, input)).toBe(message);
  });
});

describe('UsernameSchema', () => {
  it.each([
    ['apikey', 'apikey'],
    [' spaced ', ' spaced '],
    ['', undefined],
  ])('accepts %j', (input, output) => {
    expect(v.parse(UsernameSchema, input)).toBe(output);
  });

  it.each([
    ['user\u0000name', 'Username cannot contain line breaks or control characters'],
    ['user\ud800name', 'Remove the broken character (half of an emoji or symbol) from this text'],
    ['a'.repeat(257), 'Username can be at most 256 characters'],
  ])('refuses %j', (input, message) => {
    expect(firstMessage(UsernameSchema, input)).toBe(message);
  });
});

describe('MicrosoftClientIdSchema', () => {
  it.each(['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0'])(
    'accepts %j',
    (id) => {
      expect(v.parse(MicrosoftClientIdSchema, id)).toBe(id);
    },
  );

  it.each(['my-app', '0f1e2d3c4b5a697887 96a5b4c3d2e1f0', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg', ''])(
    'refuses %j',
    (id) => {
      expect(firstMessage(MicrosoftClientIdSchema, id)).toBe(
        'Client ID must be the Application (client) ID GUID from the Azure app registration',
      );
    },
  );
});

describe('TenantIdSchema', () => {
  it.each(['72f988bf-86f1-41af-91ab-2d7cd011db47', 'contoso.onmicrosoft.com', 'contoso.com'])(
    'accepts %j',
    (tenant) => {
      expect(v.parse(TenantIdSchema, tenant)).toBe(tenant);
    },
  );

  it.each([
    ['common', 'common'],
    ['Organizations', 'organizations'],
    ['consumers', 'consumers'],
  ])('refuses %j with the reason', (tenant, word) => {
    expect(firstMessage(TenantIdSchema, tenant)).toBe(
      `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "${word}" cannot be used`,
    );
  });

  it.each([
    [
      'contoso',
      'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com',
    ],
    [
      '00000000-0000-0000-0000-000000000000',
      'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com',
    ],
    ['', 'Enter the Directory (tenant) ID'],
  ])('refuses %j', (tenant, message) => {
    expect(firstMessage(TenantIdSchema, tenant)).toBe(message);
  });
});

describe('GoogleClientIdSchema', () => {
  it('accepts a web client ID', () => {
    const id = '123456789012-abc123def456.apps.googleusercontent.com';
    expect(v.parse(GoogleClientIdSchema, id)).toBe(id);
  });

  it.each([
    ['123456789012-abc123def456', 'Client ID must end with .apps.googleusercontent.com'],
    ['123456789012-abc123def456.apps.example.com', 'Client ID must end with .apps.googleusercontent.com'],
    [
      'abc-ABC.apps.googleusercontent.com',
      'Copy the whole Client ID from Google Cloud, like 1234567890-abc123.apps.googleusercontent.com',
    ],
  ])('refuses %j', (id, message) => {
    expect(firstMessage(GoogleClientIdSchema, id)).toBe(message);
  });
});
