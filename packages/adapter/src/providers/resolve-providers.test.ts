import type { GoogleSettings, MicrosoftSettings } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { OAuthFlowError } from './oauth-flow-error.js';
import { resolveProviderConfigs, resolveProviders } from './resolve-providers.js';

describe('resolveProviderConfigs', () => {
  it("fills in Microsoft's and Google's public endpoints and mail servers", () => {
    const { microsoft, google } = resolveProviderConfigs();
    expect(microsoft).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      smtpScope: 'https://outlook.office.com/SMTP.Send',
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
      smtpAppScope: 'https://outlook.office365.com/.default',
      graph: { origin: 'https://graph.microsoft.com', timeoutMs: 30_000 },
      tokenTimeoutMs: 10_000,
    });
    expect(google).toEqual({
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
      tokenTimeoutMs: 10_000,
    });
  });

  it('gives both providers the configured token timeout and refuses one that is not a positive whole number', () => {
    const { microsoft, google } = resolveProviderConfigs({ tokenTimeoutMs: 2500 });
    expect([microsoft.tokenTimeoutMs, google.tokenTimeoutMs]).toEqual([2500, 2500]);
    for (const tokenTimeoutMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveProviderConfigs({ tokenTimeoutMs })).toThrow(
        /tokenTimeoutMs` must be a whole number/,
      );
    }
  });

  it('points Microsoft at a national cloud, keeping the defaults it does not override', () => {
    const { microsoft } = resolveProviderConfigs({
      microsoft: { authorityHost: 'https://login.microsoftonline.us/', smtp: { host: 'smtp.office365.us' } },
    });
    expect(microsoft.authorityHost).toBe('https://login.microsoftonline.us');
    expect(microsoft.smtp).toEqual({ host: 'smtp.office365.us', port: 587, security: 'starttls' });
    expect(microsoft.graph.origin).toBe('https://graph.microsoft.com');
  });

  it('points Microsoft Graph at a national cloud or a local double, and refuses a bad origin or timeout', () => {
    const { microsoft } = resolveProviderConfigs({
      microsoft: { graph: { origin: 'https://graph.microsoft.us/' } },
    });
    expect(microsoft.graph).toEqual({ origin: 'https://graph.microsoft.us', timeoutMs: 30_000 });
    expect(() => resolveProviderConfigs({ microsoft: { graph: { origin: 'graph.microsoft.com' } } })).toThrow(
      /graph.origin` must be an absolute http\(s\) URL/,
    );
    for (const timeoutMs of [0, 1.5]) {
      expect(() => resolveProviderConfigs({ microsoft: { graph: { timeoutMs } } })).toThrow(
        /graph.timeoutMs` must be a whole number/,
      );
    }
  });

  it('keeps the MSAL options for tests and air-gapped hosts', () => {
    const networkClient = {
      sendGetRequestAsync: async () => ({}),
      sendPostRequestAsync: async () => ({}),
    } as never;
    const { microsoft } = resolveProviderConfigs({
      microsoft: {
        authorityMetadata: '{}',
        cloudDiscoveryMetadata: '{}',
        knownAuthorities: ['localhost:8443'],
        networkClient,
      },
    });
    expect(microsoft).toMatchObject({ authorityMetadata: '{}', cloudDiscoveryMetadata: '{}', networkClient });
  });

  it('refuses an authority that is not https (MSAL would) and endpoints that are not URLs', () => {
    expect(() => resolveProviderConfigs({ microsoft: { authorityHost: 'http://localhost:8080' } })).toThrow(
      /authorityHost` must be an absolute https URL/,
    );
    expect(() => resolveProviderConfigs({ google: { tokenUrl: 'oauth2.googleapis.com/token' } })).toThrow(
      /tokenUrl` must be an absolute http\(s\) URL/,
    );
  });
});

describe('resolveProviders', () => {
  let mock: OAuthMock;
  beforeAll(async () => {
    mock = await startOAuthMock();
  });
  afterAll(() => mock.stop());

  const app = { clientSecret: 'client-secret', refreshToken: 'refresh-token', fromEmail: 'a@example.com' };
  const microsoft: MicrosoftSettings = {
    ...app,
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    tenantId: 'contoso.onmicrosoft.com',
  };
  const google: GoogleSettings = {
    ...app,
    authType: 'oauth',
    provider: 'google',
    clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  };

  it('binds each provider to its configured token endpoint and mail server', async () => {
    const smtp = { host: 'smtp.test', port: 2525, security: 'none' } as const;
    const providers = resolveProviders({
      microsoft: { ...mock.microsoftOptions(), smtp },
      google: { ...mock.googleOptions(), smtp: { host: 'smtp.google.test' } },
    });
    for (const settings of [microsoft, google]) {
      const minted = await providers[settings.provider].mintAccessToken(settings);
      expect(minted.accessToken).toBe(mock.latestAccessToken());
      expect(mock.requests.at(-1)).toMatchObject({
        clientId: settings.clientId,
        refreshToken: 'refresh-token',
      });
    }
    expect(providers.microsoft.smtp).toEqual(smtp);
    expect(providers.google.smtp).toEqual({ host: 'smtp.google.test', port: 465, security: 'tls' });
  });

  it("gives each provider its own name, scopes and words for a callback's error", () => {
    const { microsoft, google } = resolveProviders({
      microsoft: { smtpScope: 'https://outlook.office365.us/SMTP.Send' },
    });
    expect(microsoft.scopes).toContain('https://outlook.office365.us/SMTP.Send');
    expect(google.scopes).toContain('https://mail.google.com/');
    for (const [provider, label] of [
      [microsoft, 'Microsoft'],
      [google, 'Google'],
    ] as const) {
      const error = provider.callbackError({ error: 'access_denied' }, 'https://app.example/callback');
      expect(error).toBeInstanceOf(OAuthFlowError);
      expect(error.message).toBe(
        `The ${label} sign-in was cancelled or the permissions were declined (access_denied).`,
      );
    }
  });

  it('refuses a bad token timeout or endpoint at once, before any provider is used', () => {
    expect(() => resolveProviders({ tokenTimeoutMs: 0 })).toThrow(/tokenTimeoutMs` must be a whole number/);
    expect(() => resolveProviders({ google: { authUrl: 'not a url' } })).toThrow(
      /authUrl` must be an absolute/,
    );
  });
});
