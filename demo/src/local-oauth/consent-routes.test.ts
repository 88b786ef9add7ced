import type {
  OAuthFlowResponse,
  OAuthProvider,
  OAuthStartResponse,
  TestResponse,
} from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import type { InboxSummary } from '../inbox/inbox.js';
import type { AppRegistration } from './app-registration.js';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from './local-providers.js';

// The local providers accept their own registration only. These tests never read `/demo/info`, which
// publishes it, so a response body holding the secret would be a leak.
const START_BODIES = LOCAL_CLIENTS;
const WRONG_SECRET = 'admin-typed-client-secret-9f3k';

describe('local sign-in with the consent page', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const start = async (provider: OAuthProvider, changes: Partial<AppRegistration> = {}) =>
    (
      await t.request(`/api/smtp/oauth/${provider}/start`, {
        method: 'POST',
        json: { ...START_BODIES[provider], ...changes },
      })
    ).json<OAuthStartResponse>();

  const flowOf = async (flowId: string) =>
    (await t.request(`/api/smtp/oauth/flows/${flowId}`)).json<OAuthFlowResponse>();

  /** What the popup does: open the consent page, then post the decision; returns the page and the decision's redirect. */
  const decide = async (authorizeUrl: string, decision: 'accept' | 'cancel') => {
    const page = await t.request(authorizeUrl);
    const answer = await t.request(authorizeUrl, {
      method: 'POST',
      body: new URLSearchParams({ decision }),
    });
    return {
      page,
      status: answer.status,
      location: new URL(answer.headers.get('location') ?? '', t.demo.url),
    };
  };

  for (const provider of ['microsoft', 'google'] as const) {
    it(`${provider}: start, Accept, callback, then Test, Save and a notification over XOAUTH2`, async () => {
      const { flowId, authorizeUrl } = await start(provider);
      // MSAL writes the tenant where Microsoft's URLs have it.
      const directory = provider === 'microsoft' ? 'contoso.example' : 'demo';
      expect(authorizeUrl.startsWith(`${t.demo.url}/${directory}/oauth/${provider}/authorize?`)).toBe(true);

      const { page, status, location } = await decide(authorizeUrl, 'accept');
      expect(page.status).toBe(200);
      expect(page.body).toContain(`wants to send mail as <strong>${LOCAL_ACCOUNTS[provider]}</strong>`);
      expect(status).toBe(303);
      // The local provider's own authorize endpoint, with the adapter's request unchanged.
      expect(location.pathname).toBe('/authorize');
      expect(location.search).toBe(new URL(authorizeUrl).search);

      const toCallback = await fetch(location, { redirect: 'manual' });
      const callback = new URL(toCallback.headers.get('location') ?? '');
      expect(`${callback.origin}${callback.pathname}`).toBe(
        `${t.demo.url}/api/smtp/oauth/${provider}/callback`,
      );
      expect(callback.searchParams.get('code')).toBeTruthy();
      const callbackPage = await t.request(callback.href);
      expect(callbackPage.status).toBe(200);

      const flow = await flowOf(flowId);
      expect(flow).toMatchObject({ status: 'completed', provider, account: LOCAL_ACCOUNTS[provider] });

      const { tenantId, clientId, clientSecret } = { tenantId: undefined, ...START_BODIES[provider] };
      const settings = {
        authType: 'oauth',
        provider,
        clientId,
        clientSecret,
        ...(tenantId && { tenantId }),
        refreshToken: { flow: flowId },
        fromEmail: LOCAL_ACCOUNTS[provider],
      };
      const tested = await t.testAndSave(settings);
      expect(tested.stages.find(({ name }) => name === 'auth')?.detail).toContain('XOAUTH2');

      const sent = await t.request('/demo/notify', { method: 'POST', json: { to: 'qa-lead@demo.example' } });
      expect(sent.status).toBe(202);
      await t.deliveryOnceItIs(sent.json<{ id: string }>().id, 'sent');
      const [latest] = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>().messages;
      expect(latest).toMatchObject({ subject: 'Test case TC-42 was updated', to: ['qa-lead@demo.example'] });
      expect(latest?.from).toContain(LOCAL_ACCOUNTS[provider]);

      for (const body of t.bodies) expect(body).not.toContain(clientSecret);
    });
  }

  /** Opens the consent page for a request the provider refuses; returns where it sends the popup instead. */
  const refusedAt = async (authorizeUrl: string) => {
    const page = await t.request(authorizeUrl);
    expect(page.status).toBe(302);
    return new URL(page.headers.get('location') ?? '', t.demo.url);
  };

  const REFUSALS = [
    {
      provider: 'microsoft',
      what: 'an unknown tenant',
      changes: { tenantId: 'fabrikam.example' },
      answer: { error: 'invalid_request', says: 'AADSTS90002' },
      code: 'OAUTH_TENANT_INVALID',
    },
    {
      provider: 'microsoft',
      what: 'an unknown client ID',
      changes: { clientId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' },
      answer: { error: 'unauthorized_client', says: 'AADSTS700016' },
      code: 'OAUTH_CLIENT_INVALID',
    },
    {
      provider: 'google',
      what: 'an unknown client ID',
      changes: { clientId: '999999999999-other.apps.googleusercontent.com' },
      answer: { error: 'invalid_client', says: 'The OAuth client was not found.' },
      code: 'OAUTH_CLIENT_INVALID',
    },
  ] as const;

  for (const { provider, what, changes, answer, code } of REFUSALS) {
    it(`${provider}: ${what} goes back to the callback with ${answer.error}, and the flow fails with ${code}`, async () => {
      const { flowId, authorizeUrl } = await start(provider, changes);
      const back = await refusedAt(authorizeUrl);
      expect(`${back.origin}${back.pathname}`).toBe(`${t.demo.url}/api/smtp/oauth/${provider}/callback`);
      expect(back.searchParams.get('error')).toBe(answer.error);
      expect(back.searchParams.get('error_description')).toContain(answer.says);
      expect(back.searchParams.get('state')).toBe(new URL(authorizeUrl).searchParams.get('state'));
      expect(back.searchParams.has('code')).toBe(false);

      await t.request(back.href);
      const flow = await flowOf(flowId);
      expect(flow).toMatchObject({ status: 'failed', error: { code } });
    });
  }

  it('accepts the Microsoft client ID and tenant in any letter case, as Microsoft does', async () => {
    const { microsoft } = LOCAL_CLIENTS;
    const { authorizeUrl } = await start('microsoft', {
      clientId: microsoft.clientId.toUpperCase(),
      tenantId: microsoft.tenantId.toUpperCase(),
    });
    const page = await t.request(authorizeUrl);
    expect(page.status).toBe(200);
  });

  for (const provider of ['microsoft', 'google'] as const) {
    it(`${provider}: a wrong client secret gets the consent page, then invalid_client from the token endpoint`, async () => {
      const { flowId, authorizeUrl } = await start(provider, { clientSecret: WRONG_SECRET });
      const { location } = await decide(authorizeUrl, 'accept');
      const toCallback = await fetch(location, { redirect: 'manual' });
      await t.request(toCallback.headers.get('location') ?? '');

      const flow = await flowOf(flowId);
      expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_CLIENT_INVALID' } });
      expect(flow.error?.message).toContain('invalid_client');
      for (const body of t.bodies) expect(body).not.toContain(WRONG_SECRET);
    });
  }

  it('fails Test at the auth stage when the client secret changed after the sign-in', async () => {
    const { flowId, authorizeUrl } = await start('google');
    const { location } = await decide(authorizeUrl, 'accept');
    await t.request((await fetch(location, { redirect: 'manual' })).headers.get('location') ?? '');
    const settings = {
      authType: 'oauth',
      provider: 'google',
      clientId: LOCAL_CLIENTS.google.clientId,
      clientSecret: WRONG_SECRET,
      refreshToken: { flow: flowId },
      fromEmail: LOCAL_ACCOUNTS.google,
    };
    const tested = (
      await t.request('/api/smtp/test', { method: 'POST', json: { settings } })
    ).json<TestResponse>();
    expect(tested).toMatchObject({ ok: false, error: { stage: 'auth', code: 'TOKEN_FAILED' } });
    expect(tested.error?.message).toContain('invalid_client');
  });

  it('Cancel sends access_denied with the state back to the callback, which reports the cancellation', async () => {
    const { flowId, authorizeUrl } = await start('google');
    const { status, location } = await decide(authorizeUrl, 'cancel');
    expect(status).toBe(303);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.demo.url}/api/smtp/oauth/google/callback`);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe(new URL(authorizeUrl).searchParams.get('state'));

    await t.request(location.href);
    const flow = await flowOf(flowId);
    expect(flow.status).toBe('failed');
    expect(flow.error?.code).toBe('OAUTH_ACCESS_DENIED');
  });

  it('shows Accept and Cancel buttons under a CSP that allows no script', async () => {
    const { authorizeUrl } = await start('microsoft');
    const page = await t.request(authorizeUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(page.body).not.toContain('<script');
    expect(page.body).toMatch(/<button[^>]*>Accept<\/button>/);
    expect(page.body).toMatch(/<button[^>]*>Cancel<\/button>/);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
  });

  it('refuses a redirect_uri that is not the adapter callback, so the page is no open redirect', async () => {
    const { authorizeUrl } = await start('google');
    const forged = new URL(authorizeUrl);
    forged.searchParams.set('redirect_uri', 'https://attacker.example/callback');
    const { page, status } = await decide(forged.href, 'cancel');
    expect(page.status).toBe(400);
    expect(status).toBe(400);
    expect((await t.request('/demo/oauth/yahoo/authorize')).status).toBe(404);
    expect((await t.request(`/elsewhere/oauth/google/authorize${forged.search}`)).status).toBe(404);
  });
});
