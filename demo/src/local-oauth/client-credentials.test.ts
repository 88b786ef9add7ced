import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_ACCOUNTS,
  LOCAL_CLIENTS,
  type LocalProviders,
  startLocalProviders,
} from './local-providers.js';

// MSAL's own client speaks https only; the adapter brings one that speaks http to loopback too.
const fetchClient: INetworkModule = {
  sendGetRequestAsync: (url, options) => send(url, 'GET', options?.headers),
  sendPostRequestAsync: (url, options) => send(url, 'POST', options?.headers, options?.body),
};

async function send<T>(url: string, method: string, headers?: Record<string, string>, body?: string) {
  const response = await fetch(url, {
    method,
    ...(headers && { headers }),
    ...(body !== undefined && { body }),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: (await response.json()) as T,
  };
}

describe('the local Microsoft: client credentials (Application sign-in)', () => {
  let local: LocalProviders;
  beforeAll(async () => {
    local = await startLocalProviders();
  });
  afterAll(() => local.stop());

  /** An MSAL confidential client configured as the adapter configures it for the local Microsoft. */
  const msalApp = (
    clientSecret: string = LOCAL_CLIENTS.microsoft.clientSecret,
    tenantId: string = LOCAL_CLIENTS.microsoft.tenantId,
  ) => {
    const smtp = { host: '127.0.0.1', port: 2525, security: 'starttls' } as const;
    const options = local.adapterOptions('http://127.0.0.1:8025', smtp, 'http://127.0.0.1:8026').microsoft;
    const { clientId } = LOCAL_CLIENTS.microsoft;
    return new ConfidentialClientApplication({
      auth: {
        clientId,
        clientSecret,
        authority: `${options?.authorityHost}/${tenantId}`,
        ...(options?.authorityMetadata && { authorityMetadata: options.authorityMetadata }),
        knownAuthorities: [...(options?.knownAuthorities ?? [])],
      },
      system: { networkClient: fetchClient },
    });
  };

  /** Asks the local provider's token endpoint for a client credentials grant with `params`. */
  const grant = async (provider: 'microsoft' | 'google', params: Record<string, string>) => {
    const response = await fetch(local.byName[provider].tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('issues MSAL a token for a /.default scope, which the dev mail server accepts for the demo mailbox', async () => {
    const result = await msalApp().acquireTokenByClientCredential({
      scopes: ['https://outlook.office365.com/.default'],
    });
    const token = result?.accessToken ?? '';
    expect(token).not.toBe('');
    expect(local.acceptsAccessToken(LOCAL_ACCOUNTS.microsoft, token)).toBe(true);
    expect(local.acceptsAccessToken('someone.else@contoso.example', token)).toBe(false);
    expect(local.byName.microsoft.issued(token, 'https://outlook.office365.com')).toBe(true);
    expect(local.byName.microsoft.issued(token, 'http://127.0.0.1:9')).toBe(false);
  });

  it('tells MSAL AADSTS7000215 for a wrong secret', async () => {
    const refused = msalApp('the-secret-id-instead').acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    await expect(refused).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorNo: 7000215,
      errorMessage: expect.stringContaining('AADSTS7000215: Invalid client secret provided.'),
    });
  });

  it("tells MSAL AADSTS90002 for a tenant other than the registration's, which MSAL puts in the token URL", async () => {
    const refused = msalApp(undefined, 'fabrikam.example').acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    await expect(refused).rejects.toMatchObject({
      errorNo: 90002,
      errorMessage: expect.stringContaining("AADSTS90002: Tenant 'fabrikam.example' not found."),
    });
  });

  it('refuses a request without a scope (AADSTS900144) or with a delegated scope (AADSTS1002012)', async () => {
    const { clientId, clientSecret } = LOCAL_CLIENTS.microsoft;
    expect(await grant('microsoft', { client_id: clientId, client_secret: clientSecret })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_codes: [900144] },
    });
    const delegated = await grant('microsoft', {
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://outlook.office.com/SMTP.Send',
    });
    expect(delegated).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope', error_codes: [1002012] },
    });
    expect(delegated.body).not.toHaveProperty('access_token');
  });

  it('refuses an unknown client ID with AADSTS700016', async () => {
    const unknown = await grant('microsoft', {
      client_id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      client_secret: LOCAL_CLIENTS.microsoft.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client', error_codes: [700016] },
    });
  });

  it('answers as Google does: no client credentials grant at all', async () => {
    const { clientId, clientSecret } = LOCAL_CLIENTS.google;
    expect(
      await grant('google', {
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://mail.google.com/',
      }),
    ).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: client_credentials' },
    });
  });
});
