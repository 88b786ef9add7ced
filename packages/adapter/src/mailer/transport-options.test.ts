import type { BasicSettings, GoogleSettings, MicrosoftSettings } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../providers/resolve-providers.js';
import { transportOptions } from './transport-options.js';

const provisionToken = () => undefined;
const context = { providers: resolveProviders(), provisionToken };

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

describe('transportOptions', () => {
  it('pools at most 5 connections with bounded timeouts', () => {
    expect(transportOptions(basic, context)).toMatchObject({
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  });

  it('forbids every message to read a file or a URL, for Basic and OAuth alike', () => {
    for (const settings of [basic, google]) {
      expect(transportOptions(settings, context)).toMatchObject({
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    }
  });

  it.each([
    ['tls', { secure: true }],
    ['starttls', { secure: false, requireTLS: true }],
    ['none', { secure: false, ignoreTLS: true }],
  ] as const)('maps %s security to nodemailer switches', (security, switches) => {
    const options = transportOptions({ ...basic, security }, context);
    expect({ secure: options.secure, requireTLS: options.requireTLS, ignoreTLS: options.ignoreTLS }).toEqual({
      requireTLS: undefined,
      ignoreTLS: undefined,
      ...switches,
    });
  });

  it('logs in only when a username is saved', () => {
    expect(transportOptions(basic, context).auth).toEqual({ user: basic.username, pass: basic.password });
    const { username: _, password: __, ...anonymous } = basic;
    expect(transportOptions(anonymous, context)).not.toHaveProperty('auth');
  });

  it('skips certificate checks only when the settings allow an invalid certificate', () => {
    const ca = '-----BEGIN CERTIFICATE-----';
    expect(transportOptions(basic, context)).not.toHaveProperty('tls');
    expect(transportOptions(basic, { ...context, tls: { ca } }).tls).toEqual({ ca });
    expect(
      transportOptions({ ...basic, allowInvalidCertificate: true }, { ...context, tls: { ca } }).tls,
    ).toEqual({
      ca,
      rejectUnauthorized: false,
    });
  });

  it("connects OAuth settings to the provider's server with XOAUTH2 tokens from the callback", () => {
    const options = transportOptions(google, context);
    expect(options).toMatchObject({ host: 'smtp.gmail.com', port: 465, secure: true });
    expect(options.auth).toEqual({
      type: 'OAuth2',
      user: google.fromEmail,
      provisionCallback: provisionToken,
    });
    expect(JSON.stringify(options)).not.toContain(google.refreshToken);
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
    const providers = resolveProviders({ microsoft: { smtp: { host: 'smtp.office365.us' } } });
    expect(transportOptions(microsoft, { ...context, providers })).toMatchObject({
      host: 'smtp.office365.us',
      port: 587,
      requireTLS: true,
    });
  });
});
