import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type MutableRedirectUri,
  type MutableResponse,
  type MutableToken,
  OAuth2Server,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';

/** A local OpenID provider that signs in one demo account and consents at once (the demo's consent page asks first). */
export interface LocalProvider {
  /** The account its ID tokens name (`email` and `preferred_username`). */
  account: string;
  /** `http://127.0.0.1:PORT`, where it listens. */
  url: string;
  /** Its port. */
  port: number;
  /** Says whether it issued `accessToken` and the token has not expired. */
  issued(accessToken: string): boolean;
  /** Stops it. */
  stop(): Promise<void>;
}

// Enough for a long demo session; the oldest tokens are forgotten first.
const REMEMBERED_TOKENS = 1000;

/**
 * Starts an `oauth2-mock-server` on 127.0.0.1 and a free port whose ID tokens carry `account`, and that
 * remembers the access tokens it issues so the dev mail server can accept exactly those for XOAUTH2.
 *
 * @example
 * const microsoft = await startLocalProvider('notifications@contoso.example');
 */
export async function startLocalProvider(account: string): Promise<LocalProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const port = server.address().port;
  const issuedTokens = new Map<string, number>();
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
    const tokens = response.body;
    if (tokens === '' || typeof tokens.access_token !== 'string') return;
    const { code, scope } = req.body;
    const authorized = code === undefined ? undefined : authorizedScopes.get(code);
    if (code !== undefined) authorizedScopes.delete(code);
    if (authorized !== undefined && scope === undefined) tokens.scope = authorized;
    const lifetimeMs = Number(tokens.expires_in ?? 3600) * 1000;
    issuedTokens.set(tokens.access_token, Date.now() + lifetimeMs);
    if (issuedTokens.size > REMEMBERED_TOKENS)
      issuedTokens.delete(issuedTokens.keys().next().value as string);
  });

  return {
    account,
    url: `http://127.0.0.1:${port}`,
    port,
    issued: (accessToken) => (issuedTokens.get(accessToken) ?? 0) > Date.now(),
    stop: () => server.stop(),
  };
}
