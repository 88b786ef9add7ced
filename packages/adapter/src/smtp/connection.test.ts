import type { BasicSettings, GoogleSettings, MicrosoftSettings } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { appLoginMailbox, authMechanismFor, connectionOf } from './connection.js';
import { createTlsTrust } from './tls-trust.js';

const basic: BasicSettings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer@example.com',
  password: 'pa55-Word!never-echo',
  fromEmail: 'notifications@example.com',
  fromName: 'Example App',
};

const google: GoogleSettings = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '1//0gRefresh-Token-never-echo',
  fromEmail: 'notifications@example.com',
};

const endpoint = { host: 'smtp.gmail.com', port: 465, security: 'tls' } as const;
const accessToken = async () => ({ accessToken: 'ya29.access-token' });

describe('connectionOf', () => {
  it('connects Basic settings to their server with their login and sender', () => {
    const secureContext = createTlsTrust();
    expect(connectionOf(basic, { tls: { secureContext } })).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      tls: { secureContext, servername: 'smtp.example.com', rejectUnauthorized: true },
      auth: { method: 'password', user: basic.username, pass: basic.password },
      from: { email: basic.fromEmail, name: basic.fromName },
    });
  });

  it('logs in only when a user name is saved', () => {
    const { username: _, password: __, ...anonymous } = basic;
    expect(connectionOf(anonymous)).not.toHaveProperty('auth');
  });

  it('skips the certificate check only when the settings allow an invalid certificate, or the host says so', () => {
    expect(connectionOf({ ...basic, allowInvalidCertificate: true }).tls.rejectUnauthorized).toBe(false);
    expect(connectionOf({ ...basic, allowInvalidCertificate: false }).tls.rejectUnauthorized).toBe(true);
    expect(connectionOf(basic, { tls: { rejectUnauthorized: false } }).tls.rejectUnauthorized).toBe(false);
  });

  it.each([
    ['smtp.example.com', 'smtp.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['192.0.2.25', undefined],
    ['[2001:db8::25]', undefined],
  ])('names %s as %s for SNI and the certificate check', (host, servername) => {
    expect(connectionOf({ ...basic, host }).tls.servername).toBe(servername);
  });

  it("connects OAuth settings to the provider's server as the signed-in account, with its tokens", async () => {
    const connection = connectionOf(google, {
      oauth: { endpoint, accessToken, account: 'admin@example.com' },
    });
    expect(connection).toMatchObject({
      ...endpoint,
      tls: { servername: 'smtp.gmail.com', rejectUnauthorized: true },
      auth: { method: 'xoauth2', user: 'admin@example.com' },
      from: { email: google.fromEmail },
    });
    expect(connection.auth?.method === 'xoauth2' && (await connection.auth.accessToken())).toEqual({
      accessToken: 'ya29.access-token',
    });
    expect(JSON.stringify(connection)).not.toContain(google.refreshToken);
  });

  it('logs in as the From Email when the account is unknown (a token pasted by hand)', () => {
    expect(connectionOf(google, { oauth: { endpoint, accessToken } }).auth?.user).toBe(google.fromEmail);
  });

  it('logs in as the From Email for Application sign-in, whatever account a record still names', () => {
    const application: MicrosoftSettings = {
      authType: 'oauth',
      provider: 'microsoft',
      clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      clientSecret: 'client~Secret.never-echo-1234',
      tenantId: 'contoso.onmicrosoft.com',
      signIn: 'application',
      fromEmail: 'notifications@contoso.com',
    };
    const connection = connectionOf(application, {
      oauth: { endpoint, accessToken, account: 'admin@contoso.com' },
    });
    expect(connection.auth).toMatchObject({
      method: 'xoauth2',
      user: 'notifications@contoso.com',
      application: true,
    });
    // A refusal of the app's own token names the mailbox in its fix; a signed-in account's does not.
    expect(appLoginMailbox(connection.auth)).toBe('notifications@contoso.com');
    const { signIn: _, ...delegated } = application;
    const signedIn = connectionOf(delegated, {
      oauth: { endpoint, accessToken, account: 'admin@contoso.com' },
    });
    expect(signedIn.auth).not.toHaveProperty('application');
    expect(appLoginMailbox(signedIn.auth)).toBeUndefined();
  });

  it('refuses OAuth settings without an endpoint and a token source', () => {
    expect(() => connectionOf(google)).toThrow(TypeError);
  });
});

describe('authMechanismFor', () => {
  const password = { method: 'password' } as const;
  const xoauth2 = { method: 'xoauth2' } as const;
  const offered = (...mechanisms: string[]) => ({ offered: true, mechanisms });

  it.each([
    [['PLAIN'], 'PLAIN'],
    [['LOGIN'], 'LOGIN'],
    [['CRAM-MD5'], 'CRAM-MD5'],
    [['LOGIN', 'PLAIN'], 'PLAIN'],
    [['CRAM-MD5', 'LOGIN'], 'LOGIN'],
    [['XOAUTH2', 'CRAM-MD5'], 'CRAM-MD5'],
  ])('picks by nodemailer’s preference for a password: %j → %s', (mechanisms, mechanism) => {
    expect(authMechanismFor(password, offered(...mechanisms))).toEqual({ mechanism, listed: true });
  });

  it('tries PLAIN unlisted when the server lists no password mechanism, as nodemailer does', () => {
    expect(authMechanismFor(password, offered('XOAUTH2'))).toEqual({ mechanism: 'PLAIN', listed: false });
    expect(authMechanismFor(password, offered('GSSAPI', 'NTLM'))).toEqual({
      mechanism: 'PLAIN',
      listed: false,
    });
    expect(authMechanismFor(password, offered())).toEqual({ mechanism: 'PLAIN', listed: false });
  });

  it('uses XOAUTH2 for a token, listed or not', () => {
    expect(authMechanismFor(xoauth2, offered('PLAIN', 'XOAUTH2'))).toEqual({
      mechanism: 'XOAUTH2',
      listed: true,
    });
    expect(authMechanismFor(xoauth2, offered('PLAIN', 'LOGIN'))).toEqual({
      mechanism: 'XOAUTH2',
      listed: false,
    });
  });

  it('does not log in at all when the server offers no AUTH', () => {
    for (const auth of [password, xoauth2]) {
      expect(authMechanismFor(auth, { offered: false, mechanisms: [] })).toBeUndefined();
    }
  });
});
