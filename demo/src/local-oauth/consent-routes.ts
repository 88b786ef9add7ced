import { randomBytes } from 'node:crypto';
import { OAUTH_PROVIDERS, type OAuthProvider } from '@smtp-settings/schema';
import { type Context, Hono } from 'hono';
import { authorizeRefusal, type ProviderRefusal } from './app-registration.js';
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
 * A request for another app than the provider's registration (an unknown client ID, or for Microsoft an
 * unknown tenant) goes straight back to the callback with the provider's own error, so the admin reads the
 * adapter's explanation in the form. The real providers show these errors on their own page, as they cannot
 * trust an unknown app's redirect URI; here the redirect URI is checked to be the adapter's callback first.
 *
 * MSAL puts the tenant into the first path segment of the authorization endpoint, as Microsoft's own
 * URLs have it, so the Microsoft page answers at `/<tenant>/oauth/microsoft/authorize`.
 *
 * @example
 * app.route('/', consentRoutes({ providers: local.byName, callbackUrl }));
 */
export function consentRoutes({ providers, callbackUrl }: ConsentRoutesOptions) {
  /**
   * The provider and redirect URI of a request and the provider's refusal of its app, if any; or the page
   * explaining why it cannot be answered at all.
   */
  const checked = (
    c: Context,
  ):
    | { refusal: Response }
    | { provider: OAuthProvider; redirectUri: string; directory: string; appRefusal?: ProviderRefusal } => {
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
    const directory = c.req.param('directory') ?? '';
    const appRefusal = authorizeRefusal(provider, providers[provider].registration, {
      clientId: c.req.query('client_id'),
      tenant: directory,
    });
    return { provider, redirectUri, directory, ...(appRefusal && { appRefusal }) };
  };

  return new Hono()
    .get('/:directory/oauth/:provider/authorize', (c) => {
      const request = checked(c);
      if ('refusal' in request) return request.refusal;
      if (request.appRefusal) return c.redirect(backToApp(c, request.redirectUri, request.appRefusal));
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
      if (request.appRefusal) return c.redirect(backToApp(c, request.redirectUri, request.appRefusal), 303);
      const { decision } = await c.req.parseBody();
      const query = new URL(c.req.url).search;
      if (decision === 'accept')
        return c.redirect(`${providers[request.provider].url}/authorize${query}`, 303);
      const declined = { error: 'access_denied', error_description: 'The user declined the consent.' };
      return c.redirect(backToApp(c, request.redirectUri, declined), 303);
    });
}

/** The redirect URI with an OAuth error and the request's `state`, as a provider sends a refusal back. */
function backToApp(
  c: Context,
  redirectUri: string,
  { error, error_description }: Pick<ProviderRefusal, 'error' | 'error_description'>,
): string {
  const back = new URL(redirectUri);
  back.searchParams.set('error', error);
  back.searchParams.set('error_description', error_description);
  const state = c.req.query('state');
  if (state) back.searchParams.set('state', state);
  return back.href;
}

function refuse(c: Context, status: 400 | 404, message: string): Response {
  c.header('Content-Security-Policy', "default-src 'none'");
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(`<!doctype html><title>Sign-in request refused</title><p>${message}</p>`, status);
}
