import type { OAuthProvider } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRegistration } from './app-registration.js';
import {
  LOCAL_ACCOUNTS,
  LOCAL_CLIENTS,
  type LocalProviders,
  startLocalProviders,
} from './local-providers.js';

describe('local providers', () => {
  let local: LocalProviders;
  beforeAll(async () => {
    local = await startLocalProviders();
  });
  afterAll(() => local.stop());

  /** Asks `provider`'s token endpoint for a refresh grant, with `client` (the registered one if omitted) in the body. */
  const refresh = async (
    provider: OAuthProvider,
    { clientId, clientSecret }: Partial<AppRegistration> = LOCAL_CLIENTS[provider],
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(local.byName[provider].tokenUrl, {
      method: 'POST',
      headers,
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'r',
        ...(clientId !== undefined && { client_id: clientId }),
        ...(clientSecret !== undefined && { client_secret: clientSecret }),
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lets the dev mail server accept an access token only for the account of the provider that issued it', async () => {
    const googleToken = String((await refresh('google')).body.access_token);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google, googleToken)).toBe(true);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google.toUpperCase(), googleToken)).toBe(true);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.microsoft, googleToken)).toBe(false);
    expect(local.acceptsAccessToken('someone@example.com', googleToken)).toBe(false);
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.google, `${googleToken}x`)).toBe(false);
  });

  it('sends sign-in to the demo consent page and tokens, mail and Graph calls to the local servers', () => {
    const smtp = { host: '127.0.0.1', port: 2525, security: 'starttls' } as const;
    const options = local.adapterOptions('http://127.0.0.1:8025', smtp, 'http://127.0.0.1:8026');
    expect(options.google).toMatchObject({
      authUrl: 'http://127.0.0.1:8025/demo/oauth/google/authorize',
      tokenUrl: `${local.byName.google.url}/token`,
      smtp,
    });
    const metadata = JSON.parse(options.microsoft?.authorityMetadata ?? '{}') as Record<string, string>;
    expect(metadata.authorization_endpoint).toBe('http://127.0.0.1:8025/demo/oauth/microsoft/authorize');
    // MSAL puts the settings' tenant in place of `demo`, as in the authorization endpoint.
    expect(metadata.token_endpoint).toBe(`${local.byName.microsoft.url}/demo/oauth2/v2.0/token`);
    expect(options.microsoft?.smtp).toEqual(smtp);
    expect(options.microsoft?.graph).toEqual({ origin: 'http://127.0.0.1:8026' });
  });

  it.each(['microsoft', 'google'] as const)(
    '%s: issues tokens to the registered client only',
    async (provider) => {
      expect((await refresh(provider)).status).toBe(200);
      const registered = LOCAL_CLIENTS[provider];
      const wrongSecret = await refresh(provider, { ...registered, clientSecret: 'local-demo-secreT' });
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.body.error).toBe('invalid_client');
      expect(wrongSecret.body).not.toHaveProperty('access_token');
      expect((await refresh(provider, { clientId: registered.clientId })).body).not.toHaveProperty(
        'access_token',
      );
    },
  );

  it('answers as Microsoft does: AADSTS7000215 for a wrong secret, AADSTS700016 for an unknown client ID', async () => {
    const { microsoft } = LOCAL_CLIENTS;
    const wrongSecret = await refresh('microsoft', { ...microsoft, clientSecret: 'the-secret-id-instead' });
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrongSecret.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    const unknownClient = await refresh('microsoft', {
      ...microsoft,
      clientId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    });
    expect(unknownClient).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client', error_codes: [700016] },
    });
    const noSecret = await refresh('microsoft', { clientId: microsoft.clientId });
    expect(noSecret).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_codes: [7000218] },
    });
  });

  it('answers as Google does: invalid_client, "Unauthorized" for a wrong secret', async () => {
    const { google } = LOCAL_CLIENTS;
    expect(await refresh('google', { ...google, clientSecret: 'wrong' })).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Unauthorized' },
    });
    expect(await refresh('google', { ...google, clientId: 'other.apps.googleusercontent.com' })).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' },
    });
  });

  it('reads the client from an HTTP Basic authorization header too (RFC 6749 §2.3.1)', async () => {
    const basic = (id: string, secret: string) => ({
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    });
    const { clientId, clientSecret } = LOCAL_CLIENTS.google;
    expect((await refresh('google', {}, basic(clientId, clientSecret))).status).toBe(200);
    // A colon inside the secret is form-encoded, so it cannot shorten the secret.
    expect((await refresh('google', {}, basic(clientId, `${clientSecret}:x`))).status).toBe(401);
  });
});
