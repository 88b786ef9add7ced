import { describe, expect, it } from 'vitest';
import * as FIELD_MESSAGES from './field-messages.js';
import { keepRefusal } from './secret-binding.js';

const basic = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer@example.com',
  fromEmail: 'notifications@example.com',
  fromName: 'Example',
};
const microsoft = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  tenantId: 'contoso.onmicrosoft.com',
  fromEmail: 'notifications@contoso.com',
};
const google = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  fromEmail: 'notifications@example.com',
};

describe('keepRefusal', () => {
  it('refuses a refresh token for the other sending method, whose permission it was not granted, but keeps the client secret', () => {
    const graph = { ...microsoft, sendingMethod: 'graph' };
    expect(keepRefusal('refreshToken', microsoft, graph)).toBe(FIELD_MESSAGES.refreshTokenMethodChanged);
    expect(keepRefusal('refreshToken', graph, { ...microsoft, sendingMethod: 'smtp' })).toBe(
      FIELD_MESSAGES.refreshTokenMethodChanged,
    );
    const delegated = { ...graph, signIn: 'delegated' };
    expect(keepRefusal('refreshToken', graph, delegated)).toBeUndefined();
    expect(keepRefusal('refreshToken', microsoft, { ...microsoft, sendingMethod: 'smtp' })).toBeUndefined();
    expect(keepRefusal('clientSecret', microsoft, graph)).toBeUndefined();
  });

  it('keeps a password while only the sender or the secret itself changes', () => {
    const draft = { ...basic, fromEmail: 'alerts@example.com', fromName: 'Alerts', password: { keep: true } };
    expect(keepRefusal('password', basic, draft)).toBeUndefined();
  });

  it('refuses a password for another server, port, security, user name or certificate check', () => {
    for (const change of [
      { host: 'smtp.attacker.example' },
      { port: 465 },
      { security: 'tls' },
      { security: 'none' },
      { username: 'other@example.com' },
      { username: 'Mailer@example.com' },
      { username: undefined },
      { allowInvalidCertificate: true },
    ]) {
      expect(keepRefusal('password', basic, { ...basic, ...change }), JSON.stringify(change)).toBe(
        FIELD_MESSAGES.passwordServerChanged,
      );
    }
  });

  it('reads the server name as DNS does: any case, with or without the root dot, trimmed as saved', () => {
    for (const host of ['SMTP.Example.COM', 'smtp.example.com.', ' smtp.example.com ']) {
      expect(keepRefusal('password', basic, { ...basic, host }), host).toBeUndefined();
    }
    expect(keepRefusal('password', basic, { ...basic, host: 'smtp.example.com.evil' })).toBeDefined();
  });

  it('reads a missing user name as empty and a missing certificate allowance as false', () => {
    const { username: _none, ...anonymous } = basic;
    expect(keepRefusal('password', anonymous, { ...anonymous, username: '' })).toBeUndefined();
    expect(keepRefusal('password', basic, { ...basic, allowInvalidCertificate: false })).toBeUndefined();
    const allowing = { ...basic, allowInvalidCertificate: true };
    expect(keepRefusal('password', allowing, { ...allowing, allowInvalidCertificate: undefined })).toBe(
      FIELD_MESSAGES.passwordServerChanged,
    );
  });

  it('refuses a client secret and a refresh token for another client ID, tenant or provider', () => {
    for (const draft of [
      { ...microsoft, clientId: '11111111-2222-4333-8444-555555555555' },
      { ...microsoft, tenantId: 'fabrikam.onmicrosoft.com' },
      google,
    ]) {
      expect(keepRefusal('clientSecret', microsoft, draft)).toBe(FIELD_MESSAGES.clientSecretAppChanged);
      expect(keepRefusal('refreshToken', microsoft, draft)).toBe(FIELD_MESSAGES.refreshTokenAppChanged);
    }
  });

  it('keeps OAuth secrets through a change of sender, secret expiry, case or spaces', () => {
    const draft = {
      ...microsoft,
      clientId: ` ${microsoft.clientId.toUpperCase()} `,
      tenantId: 'Contoso.OnMicrosoft.com',
      fromEmail: 'alerts@contoso.com',
      clientSecretExpiresAt: '2027-01-31',
    };
    expect(keepRefusal('clientSecret', microsoft, draft)).toBeUndefined();
    const named: typeof google & { fromName: string } = { ...google, fromName: 'Example' };
    expect(keepRefusal('refreshToken', google, named)).toBeUndefined();
  });
});
