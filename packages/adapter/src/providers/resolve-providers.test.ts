import { describe, expect, it } from 'vitest';
import { resolveProviders } from './providers.js';

describe('resolveProviders', () => {
  it("fills in Microsoft's and Google's public endpoints and mail servers", () => {
    const { microsoft, google } = resolveProviders();
    expect(microsoft).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      smtpScope: 'https://outlook.office.com/SMTP.Send',
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
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
    const { microsoft, google } = resolveProviders({ tokenTimeoutMs: 2500 });
    expect([microsoft.tokenTimeoutMs, google.tokenTimeoutMs]).toEqual([2500, 2500]);
    for (const tokenTimeoutMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveProviders({ tokenTimeoutMs })).toThrow(/tokenTimeoutMs` must be a whole number/);
    }
  });

  it('points Microsoft at a national cloud, keeping the defaults it does not override', () => {
    const { microsoft } = resolveProviders({
      microsoft: { authorityHost: 'https://login.microsoftonline.us/', smtp: { host: 'smtp.office365.us' } },
    });
    expect(microsoft.authorityHost).toBe('https://login.microsoftonline.us');
    expect(microsoft.smtp).toEqual({ host: 'smtp.office365.us', port: 587, security: 'starttls' });
  });

  it('keeps the MSAL options for tests and air-gapped hosts', () => {
    const networkClient = {
      sendGetRequestAsync: async () => ({}),
      sendPostRequestAsync: async () => ({}),
    } as never;
    const { microsoft } = resolveProviders({
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
    expect(() => resolveProviders({ microsoft: { authorityHost: 'http://localhost:8080' } })).toThrow(
      /authorityHost` must be an absolute https URL/,
    );
    expect(() => resolveProviders({ google: { tokenUrl: 'oauth2.googleapis.com/token' } })).toThrow(
      /tokenUrl` must be an absolute http\(s\) URL/,
    );
  });
});
