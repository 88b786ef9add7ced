import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNTS, type LocalProviders, startLocalProviders } from './local-providers.js';

describe('local providers', () => {
  let local: LocalProviders;
  beforeAll(async () => {
    local = await startLocalProviders();
  });
  afterAll(() => local.stop());

  const accessTokenFrom = async (url: string) => {
    const response = await fetch(`${url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r', client_id: 'c' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  it('lets the dev mail server accept an access token only for the account of the provider that issued it', async () => {
    const googleToken = await accessTokenFrom(local.byName.google.url);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google, googleToken)).toBe(true);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google.toUpperCase(), googleToken)).toBe(true);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.microsoft, googleToken)).toBe(false);
    expect(local.acceptsAccessToken('someone@example.com', googleToken)).toBe(false);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google, `${googleToken}x`)).toBe(false);
  });

  it('sends sign-in to the demo consent page and tokens and mail to the local servers', () => {
    const smtp = { host: '127.0.0.1', port: 2525, security: 'starttls' } as const;
    const options = local.adapterOptions('http://127.0.0.1:8025', smtp);
    expect(options.google).toMatchObject({
      authUrl: 'http://127.0.0.1:8025/demo/oauth/google/authorize',
      tokenUrl: `${local.byName.google.url}/token`,
      smtp,
    });
    const metadata = JSON.parse(options.microsoft?.authorityMetadata ?? '{}') as Record<string, string>;
    expect(metadata.authorization_endpoint).toBe('http://127.0.0.1:8025/demo/oauth/microsoft/authorize');
    expect(metadata.token_endpoint).toBe(`${local.byName.microsoft.url}/token`);
    expect(options.microsoft?.smtp).toEqual(smtp);
  });
});
