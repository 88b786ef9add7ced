import { randomBytes } from 'node:crypto';
import { OAUTH_PROVIDERS, type OAuthProvider } from '@smtp-settings/schema';
import { type Context, Hono } from 'hono';
import { consentPage } from './consent-page.js';
import type { LocalProvider } from './local-provider.js';

/** Options of {@link consentRoutes}. */
export interface ConsentRoutesOptions {
  /** The local providers, whose authorize endpoint an accepted request continues to. */
  providers: Record<OAuthProvider, LocalProvider>;
  /** The adapter's callback per provider: the only redirect URI the page sends anyone back to. */
  callbackUrl: (provider: OAuthProvider) => string;
}

/** Where the local providers' authorization endpoints point: the demo's consent page for each. */
export const consentPath = (provider: OAuthProvider) => `/demo/oauth/${provider}/authorize`;

/**
 * The consent screen in front of the local providers: `GET /demo/oauth/:provider/authorize` shows it
 * for the authorization request in the query; `POST` of the same URL carries the decision — Accept
 * continues to the local provider's authorize endpoint (which redirects to the adapter's callback with
 * a code), Cancel returns `error=access_denied` to the callback, as Microsoft and Google do.
 *
 * MSAL puts the tenant into the first path segment of the authorization endpoint, as Microsoft's own
 * URLs have it, so the Microsoft page answers at `/<tenant>/oauth/microsoft/authorize`.
 *
 * @example
 * app.route('/', consentRoutes({ providers: local.byName, callbackUrl }));
 */
export function consentRoutes({ providers, callbackUrl }: ConsentRoutesOptions) {
  /** The provider and redirect URI of a request, or the page explaining why it cannot be answered. */
  const checked = (
    c: Context,
  ): { refusal: Response } | { provider: OAuthProvider; redirectUri: string; directory: string } => {
    const name = c.req.param('provider');
    const known = (OAUTH_PROVIDERS as readonly string[]).includes(name ?? '');
    if (!known || (name === 'google' && c.req.param('directory') !== 'demo')) {
      return { refusal: refuse(c, 404, 'Unknown provider.') };
    }
    const provider = name as OAuthProvider;
    const redirectUri = c.req.query('redirect_uri');
    // Only the adapter's own callback: anything else would make this page an open redirect.
    if (redirectUri !== callbackUrl(provider)) {
      return { refusal: refuse(c, 400, 'The redirect_uri is not this demo’s callback.') };
    }
    return { provider, redirectUri, directory: c.req.param('directory') ?? '' };
  };

  return new Hono()
    .get('/:directory/oauth/:provider/authorize', (c) => {
      const request = checked(c);
      if ('refusal' in request) return request.refusal;
      const styleNonce = randomBytes(16).toString('base64');
      const provider = providers[request.provider];
      c.header(
        'Content-Security-Policy',
        // form-action covers the redirects after the post: to the local provider, then back here.
        `default-src 'none'; style-src 'nonce-${styleNonce}'; form-action 'self' ${provider.url}; frame-ancestors 'none'; base-uri 'none'`,
      );
      c.header('X-Frame-Options', 'DENY');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Cache-Control', 'no-store');
      // This page runs in the sign-in popup: the callback page after it must keep its link to the opener.
      c.header('Cross-Origin-Opener-Policy', 'unsafe-none');
      return c.html(
        consentPage({
          provider: request.provider,
          account: provider.account,
          ...(request.provider === 'microsoft' && { directory: request.directory }),
          clientId: c.req.query('client_id') ?? '',
          scope: c.req.query('scope') ?? '',
          styleNonce,
        }),
      );
    })
    .post('/:directory/oauth/:provider/authorize', async (c) => {
      const request = checked(c);
      if ('refusal' in request) return request.refusal;
      const { decision } = await c.req.parseBody();
      const query = new URL(c.req.url).search;
      if (decision === 'accept')
        return c.redirect(`${providers[request.provider].url}/authorize${query}`, 303);
      const back = new URL(request.redirectUri);
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user declined the consent.');
      const state = c.req.query('state');
      if (state) back.searchParams.set('state', state);
      return c.redirect(back.href, 303);
    });
}

function refuse(c: Context, status: 400 | 404, message: string): Response {
  c.header('Content-Security-Policy', "default-src 'none'");
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(`<!doctype html><title>Sign-in request refused</title><p>${message}</p>`, status);
}
