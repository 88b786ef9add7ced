import type { OAuthFlowResponse, OAuthProvider, OAuthStartResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import type { InboxSummary } from '../inbox/inbox.js';
import { LOCAL_ACCOUNTS } from './local-providers.js';

// Distinct from the demo's published values, so a leak of the admin's own secret would show.
const CLIENT_SECRET = 'admin-typed-client-secret-9f3k';
const START_BODIES = {
  microsoft: {
    clientId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    clientSecret: CLIENT_SECRET,
    tenantId: 'contoso.example',
  },
  google: { clientId: '1234567890-localdemo.apps.googleusercontent.com', clientSecret: CLIENT_SECRET },
} as const;

describe('local sign-in with the consent page', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const start = async (provider: OAuthProvider) =>
    (
      await t.request(`/api/smtp/oauth/${provider}/start`, { method: 'POST', json: START_BODIES[provider] })
    ).json<OAuthStartResponse>();

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

      const flow = (await t.request(`/api/smtp/oauth/flows/${flowId}`)).json<OAuthFlowResponse>();
      expect(flow).toMatchObject({ status: 'completed', provider, account: LOCAL_ACCOUNTS[provider] });

      const { tenantId, clientId } = { tenantId: undefined, ...START_BODIES[provider] };
      const settings = {
        authType: 'oauth',
        provider,
        clientId,
        clientSecret: CLIENT_SECRET,
        ...(tenantId && { tenantId }),
        refreshToken: { flow: flowId },
        fromEmail: LOCAL_ACCOUNTS[provider],
      };
      const tested = await t.testAndSave(settings);
      expect(tested.stages.find(({ name }) => name === 'auth')?.detail).toContain('XOAUTH2');

      const sent = await t.request('/demo/notify', { method: 'POST', json: { to: 'qa-lead@demo.example' } });
      expect(sent.status).toBe(200);
      const [latest] = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>().messages;
      expect(latest).toMatchObject({ subject: 'Test case TC-42 was updated', to: ['qa-lead@demo.example'] });
      expect(latest?.from).toContain(LOCAL_ACCOUNTS[provider]);

      for (const body of t.bodies) expect(body).not.toContain(CLIENT_SECRET);
    });
  }

  it('Cancel sends access_denied with the state back to the callback, which reports the cancellation', async () => {
    const { flowId, authorizeUrl } = await start('google');
    const { status, location } = await decide(authorizeUrl, 'cancel');
    expect(status).toBe(303);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.demo.url}/api/smtp/oauth/google/callback`);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe(new URL(authorizeUrl).searchParams.get('state'));

    await t.request(location.href);
    const flow = (await t.request(`/api/smtp/oauth/flows/${flowId}`)).json<OAuthFlowResponse>();
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
