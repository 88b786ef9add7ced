import type { BasicSettings, GoogleSettings, MicrosoftSettings } from '@smtp-settings/schema';
import type { XOAuth2Options } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../providers/resolve-providers.js';
import { connectionOf } from '../smtp/connection.js';
import { transportOptions } from './transport-options.js';

const basic: BasicSettings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer@example.com',
  password: 'pa55-Word!never-echo',
  fromEmail: 'notifications@example.com',
};

const google: GoogleSettings = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '1//0gRefresh-Token-never-echo',
  fromEmail: 'notifications@example.com',
};

type ProvisionCallback = NonNullable<XOAuth2Options['provisionCallback']>;

const providers = resolveProviders();
const expiresAt = new Date('2026-12-06T12:00:00Z');
const accessToken = async () => ({ accessToken: 'ya29.access-token', expiresAt });
const oauthOf = (
  settings: GoogleSettings | MicrosoftSettings,
  endpoint = providers[settings.provider].smtp,
) => transportOptions(connectionOf(settings, { oauth: { endpoint, accessToken } }));

describe('transportOptions', () => {
  it('pools at most 5 connections with bounded timeouts', () => {
    expect(transportOptions(connectionOf(basic))).toMatchObject({
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  });

  it('forbids every message to read a file or a URL, for Basic and OAuth alike', () => {
    for (const options of [transportOptions(connectionOf(basic)), oauthOf(google)]) {
      expect(options).toMatchObject({ disableFileAccess: true, disableUrlAccess: true });
    }
  });

  it.each([
    ['tls', { secure: true }],
    ['starttls', { secure: false, requireTLS: true }],
    ['none', { secure: false, ignoreTLS: true }],
  ] as const)('maps %s security to nodemailer switches', (security, switches) => {
    const options = transportOptions(connectionOf({ ...basic, security }));
    expect({ secure: options.secure, requireTLS: options.requireTLS, ignoreTLS: options.ignoreTLS }).toEqual({
      requireTLS: undefined,
      ignoreTLS: undefined,
      ...switches,
    });
  });

  it('logs in only when a username is saved', () => {
    expect(transportOptions(connectionOf(basic)).auth).toEqual({
      user: basic.username,
      pass: basic.password,
    });
    const { username: _, password: __, ...anonymous } = basic;
    expect(transportOptions(connectionOf(anonymous))).not.toHaveProperty('auth');
  });

  it('skips certificate checks only when the settings allow an invalid certificate', () => {
    const ca = '-----BEGIN CERTIFICATE-----';
    const servername = basic.host;
    expect(transportOptions(connectionOf(basic)).tls).toEqual({ servername, rejectUnauthorized: true });
    expect(transportOptions(connectionOf(basic, { tls: { ca } })).tls).toEqual({
      ca,
      servername,
      rejectUnauthorized: true,
    });
    expect(
      transportOptions(connectionOf({ ...basic, allowInvalidCertificate: true }, { tls: { ca } })).tls,
    ).toEqual({ ca, servername, rejectUnauthorized: false });
  });

  it("connects OAuth settings to the provider's server with XOAUTH2 tokens from the connection", async () => {
    const options = oauthOf(google);
    expect(options).toMatchObject({ host: 'smtp.gmail.com', port: 465, secure: true });
    expect(options.tls).toEqual({ servername: 'smtp.gmail.com', rejectUnauthorized: true });
    expect(options.auth).toMatchObject({ type: 'OAuth2', user: google.fromEmail });
    expect(JSON.stringify(options)).not.toContain(google.refreshToken);
    const provision = (options.auth as { provisionCallback: ProvisionCallback }).provisionCallback;
    const provided = await new Promise((resolve) =>
      provision(google.fromEmail, false, (error, token, expires) => resolve({ error, token, expires })),
    );
    expect(provided).toEqual({ error: null, token: 'ya29.access-token', expires: expiresAt.getTime() });
  });

  it('hands nodemailer the classified failure of the token source as the cause of its error', async () => {
    const failure = new Error('TOKEN_REVOKED');
    const options = transportOptions(
      connectionOf(google, {
        oauth: { endpoint: providers.google.smtp, accessToken: () => Promise.reject(failure) },
      }),
    );
    const provision = (options.auth as { provisionCallback: ProvisionCallback }).provisionCallback;
    const error = await new Promise<Error | null>((resolve) =>
      provision(google.fromEmail, false, (problem) => resolve(problem)),
    );
    expect(error).toMatchObject({ message: 'No access token', cause: failure });
  });

  it('uses the configured Microsoft server, e.g. a national cloud', () => {
    const microsoft: MicrosoftSettings = {
      authType: 'oauth',
      provider: 'microsoft',
      clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      clientSecret: 'client~Secret.never-echo-1234',
      tenantId: 'contoso.onmicrosoft.us',
      fromEmail: 'notifications@contoso.us',
    };
    const national = resolveProviders({ microsoft: { smtp: { host: 'smtp.office365.us' } } });
    expect(oauthOf(microsoft, national.microsoft.smtp)).toMatchObject({
      host: 'smtp.office365.us',
      port: 587,
      requireTLS: true,
    });
  });
});
