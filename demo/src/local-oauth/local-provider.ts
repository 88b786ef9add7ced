import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { OAuthProvider } from '@smtp-settings/schema';
import {
  type MutableRedirectUri,
  type MutableResponse,
  type MutableToken,
  OAuth2Server,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';
import { type AppRegistration, type TokenClient, tokenRefusal } from './app-registration.js';
import { grantRefusal } from './grant-refusal.js';

/** Options of {@link startLocalProvider}. */
export interface LocalProviderOptions {
  /** The provider it stands in for, whose error answers it gives. */
  provider: OAuthProvider;
  /** The account its ID tokens name. */
  account: string;
  /** The only app it issues tokens to. */
  registration: AppRegistration;
}

/** A local OpenID provider that signs in one demo account and consents at once (the demo's consent page asks first). */
export interface LocalProvider {
  /** The account its ID tokens name (`email` and `preferred_username`). */
  account: string;
  /** The only app it signs in for; the consent page refuses others as the real provider would. */
  registration: AppRegistration;
  /** `http://127.0.0.1:PORT`, where it listens. */
  url: string;
  /** Its token endpoint for the registration: Microsoft's has the tenant in its path, as the real one. */
  tokenUrl: string;
  /** Its port. */
  port: number;
  /**
   * Says whether it issued `accessToken` and the token has not expired; with `resource` (an origin such
   * as Graph's), whether the token is also for that resource: one of its scopes is on it.
   */
  issued(accessToken: string, resource?: string): boolean;
  /** Stops it. */
  stop(): Promise<void>;
}

/**
 * The path of Microsoft's token endpoint for `tenant`, as at `https://login.microsoftonline.com`.
 *
 * @example
 * fetch(`${microsoft.url}${microsoftTokenPath('contoso.example')}`, { method: 'POST', body });
 */
export const microsoftTokenPath = (tenant: string) => `/${tenant}/oauth2/v2.0/token`;

// Enough for a long demo session; the oldest tokens are forgotten first.
const REMEMBERED_TOKENS = 1000;

/**
 * Starts an `oauth2-mock-server` on 127.0.0.1 and a free port whose ID tokens carry `account`, whose token
 * endpoint refuses any client but `registration` with `provider`'s own errors, and that remembers the
 * access tokens it issues so the dev mail server can accept exactly those for XOAUTH2.
 *
 * @example
 * const microsoft = await startLocalProvider({ provider: 'microsoft', account, registration });
 */
export async function startLocalProvider({
  provider,
  account,
  registration,
}: LocalProviderOptions): Promise<LocalProvider> {
  const server = new OAuth2Server(
    undefined,
    undefined,
    provider === 'microsoft' ? { endpoints: { token: microsoftTokenPath(':tenant') } } : undefined,
  );
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const port = server.address().port;
  const issuedTokens = new Map<string, { expiresAt: number; scopes: string[] }>();
  // Like Google and Microsoft, a code redemption is answered with the scope its authorization asked for.
  const authorizedScopes = new Map<string, string>();

  server.service.on('beforeTokenSigning', (token: MutableToken) => {
    // Two tokens minted within the same second would otherwise be identical.
    token.payload.jti = randomUUID();
    // ID tokens carry an audience (the client ID) and no scope; access tokens the other way round.
    if (!('scope' in token.payload) && 'aud' in token.payload) {
      Object.assign(token.payload, { email: account, preferred_username: account, name: 'Notifications' });
    }
  });
  server.service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const code = redirect.url.searchParams.get('code');
    const scope = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('scope');
    if (code && scope) authorizedScopes.set(code, scope);
  });
  server.service.on('beforeResponse', (response: MutableResponse, req: TokenRequestIncomingMessage) => {
    const { code, scope, grant_type: grantType } = req.body;
    const authorized = code === undefined ? undefined : authorizedScopes.get(code);
    if (code !== undefined) authorizedScopes.delete(code);
    // oauth2-mock-server issues tokens to any client for any grant; the answer is replaced before they leave.
    // Microsoft's token URL names the tenant first, as its authorize URL does.
    const tenant = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.split('/')[1] ?? '';
    const refusal =
      grantRefusal(provider, { grantType, scope }) ??
      tokenRefusal(provider, registration, { ...clientOf(req), tenant });
    if (refusal) {
      const { status, ...answer } = refusal;
      response.statusCode = status;
      response.body = { ...answer };
      return;
    }
    const tokens = response.body;
    if (tokens === '' || typeof tokens.access_token !== 'string') return;
    if (authorized !== undefined && scope === undefined) tokens.scope = authorized;
    const lifetimeMs = Number(tokens.expires_in ?? 3600) * 1000;
    const scopes = typeof tokens.scope === 'string' ? tokens.scope.split(' ') : [];
    issuedTokens.set(tokens.access_token, { expiresAt: Date.now() + lifetimeMs, scopes });
    if (issuedTokens.size > REMEMBERED_TOKENS)
      issuedTokens.delete(issuedTokens.keys().next().value as string);
  });

  return {
    account,
    registration,
    url: `http://127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}${
      provider === 'microsoft' ? microsoftTokenPath(registration.tenantId ?? 'common') : '/token'
    }`,
    port,
    issued(accessToken, resource) {
      const token = issuedTokens.get(accessToken);
      if (!token || token.expiresAt <= Date.now()) return false;
      return resource === undefined || token.scopes.some((scope) => scope.startsWith(`${resource}/`));
    },
    stop: () => server.stop(),
  };
}

/** The client credentials of a token request: HTTP Basic (RFC 6749 §2.3.1) if sent, else the body's. */
function clientOf(req: TokenRequestIncomingMessage): TokenClient {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const pair = Buffer.from(basic, 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    // Both halves are form-encoded before they are joined, so the first colon is the separator.
    const formDecoded = (text: string) => new URLSearchParams(`v=${text}`).get('v') ?? '';
    return {
      clientId: formDecoded(colon === -1 ? pair : pair.slice(0, colon)),
      clientSecret: colon === -1 ? undefined : formDecoded(pair.slice(colon + 1)),
    };
  }
  const body: Record<string, unknown> = { ...req.body };
  return {
    clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
    clientSecret: typeof body.client_secret === 'string' ? body.client_secret : undefined,
  };
}
