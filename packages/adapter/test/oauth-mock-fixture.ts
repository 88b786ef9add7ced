import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type MutableRedirectUri,
  type MutableResponse,
  type MutableToken,
  OAuth2Server,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';
import type { GoogleProviderOptions } from '../src/providers/google/config.js';
import type { MicrosoftProviderOptions } from '../src/providers/microsoft/config.js';

/** One request the token endpoint received. */
export interface TokenRequest {
  grantType: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  /** The authorization code being redeemed. */
  code?: string;
  /** The PKCE verifier sent with the code. */
  codeVerifier?: string;
  /** The redirect URI sent with the code. */
  redirectUri?: string;
}

/** A refusal the token endpoint answers with instead of tokens. */
export interface Refusal {
  status?: number;
  body: Record<string, unknown>;
}

/** Options of {@link startOAuthMock}. */
export interface OAuthMockOptions {
  /** Whether refresh responses carry a new refresh token (Microsoft) or none (Google); defaults to `true`. Code redemptions always get one. */
  rotateRefreshToken?: boolean;
  /** `expires_in` of issued access tokens in seconds; defaults to 3600. */
  expiresIn?: number;
}

/** A plain-HTTP OIDC server on loopback that records token requests and can be told to refuse them. */
export interface OAuthMock {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The token endpoint. */
  tokenUrl: string;
  /** Every token request, in order. */
  requests: TokenRequest[];
  /** Every access and refresh token issued, in order; a test's secret scan includes them. */
  issued: Array<{ accessToken: string; refreshToken?: string }>;
  /** Answers every token request with `refusal` (built from the request, so it can echo it) until {@link accept}. */
  refuse(refusal: (request: TokenRequest) => Refusal): void;
  /** Issues tokens again. */
  accept(): void;
  /** Sets `expires_in` of the access tokens issued from now on, in seconds. */
  issueExpiringIn(seconds: number): void;
  /** Calls `listener` with every token request before it is answered, e.g. to change a store meanwhile. */
  onRequest(listener: ((request: TokenRequest) => void) | undefined): void;
  /** The last access token issued. */
  latestAccessToken(): string | undefined;
  /** The `accessTokens` of an SMTP test server that lets `account` in with the last access token issued, and no other. */
  acceptingLatest(account: string): Record<string, string>;
  /** Adds `claims` (e.g. `email`, `preferred_username`) to every ID token issued from now on; `{}` stops. */
  setIdTokenClaims(claims: Record<string, unknown>): void;
  /** Changes every successful token answer from now on (e.g. drops `refresh_token`), until called with `undefined`. */
  amendAnswers(amend: ((body: Record<string, unknown>, request: TokenRequest) => void) | undefined): void;
  /** Google provider options pointing at this server. */
  googleOptions(): GoogleProviderOptions;
  /** Microsoft provider options pointing at this server (TOOLCHAIN approach 3: nominal https authority, inline metadata). */
  microsoftOptions(): MicrosoftProviderOptions;
  stop(): Promise<void>;
}

/**
 * Starts an oauth2-mock-server on 127.0.0.1 that records each token request and can refuse them.
 *
 * @example
 * const mock = await startOAuthMock({ rotateRefreshToken: false });
 * await resolveProviders({ google: mock.googleOptions() }).google.mintAccessToken(settings);
 */
export async function startOAuthMock(options: OAuthMockOptions = {}): Promise<OAuthMock> {
  const { rotateRefreshToken = true } = options;
  let expiresIn = options.expiresIn ?? 3600;
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const port = Number(new URL(server.issuer.url as string).port);
  const url = `http://127.0.0.1:${port}`;
  const requests: TokenRequest[] = [];
  const issued: OAuthMock['issued'] = [];
  let refusal: ((request: TokenRequest) => Refusal) | undefined;
  let requestListener: ((request: TokenRequest) => void) | undefined;
  let idTokenClaims: Record<string, unknown> = {};
  let amendAnswer: ((body: Record<string, unknown>, request: TokenRequest) => void) | undefined;
  // Like Google and Microsoft, a code redemption is answered with the scope its authorization asked for.
  const authorizedScopes = new Map<string, string>();

  // Two tokens minted within the same second would otherwise be identical JWTs.
  server.service.on('beforeTokenSigning', (token: MutableToken) => {
    token.payload.jti = randomUUID();
    // The mock gives access tokens a `scope` claim and ID tokens an `aud` (the client ID) without one.
    if (!('scope' in token.payload) && 'aud' in token.payload) Object.assign(token.payload, idTokenClaims);
  });
  server.service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const code = redirect.url.searchParams.get('code');
    const scope = new URL(req.url ?? '/', url).searchParams.get('scope');
    if (code && scope) authorizedScopes.set(code, scope);
  });
  server.service.on('beforeResponse', (response: MutableResponse, req: TokenRequestIncomingMessage) => {
    const body = req.body as unknown as Record<string, string | undefined>;
    const request: TokenRequest = {
      grantType: String(body.grant_type),
      ...(body.refresh_token !== undefined && { refreshToken: body.refresh_token }),
      ...(body.client_id !== undefined && { clientId: body.client_id }),
      ...(body.client_secret !== undefined && { clientSecret: body.client_secret }),
      ...(body.scope !== undefined && { scope: body.scope }),
      ...(body.code !== undefined && { code: body.code }),
      ...(body.code_verifier !== undefined && { codeVerifier: body.code_verifier }),
      ...(body.redirect_uri !== undefined && { redirectUri: body.redirect_uri }),
    };
    requests.push(request);
    requestListener?.(request);
    if (refusal) {
      const { status = 400, body: errorBody } = refusal(request);
      response.statusCode = status;
      response.body = errorBody;
      return;
    }
    const tokens = response.body as Record<string, unknown>;
    tokens.expires_in = expiresIn;
    if (!rotateRefreshToken && request.grantType === 'refresh_token') delete tokens.refresh_token;
    const authorizedScope = request.code !== undefined ? authorizedScopes.get(request.code) : undefined;
    if (request.code !== undefined) authorizedScopes.delete(request.code);
    if (authorizedScope !== undefined && request.scope === undefined) tokens.scope = authorizedScope;
    amendAnswer?.(tokens, request);
    issued.push({
      accessToken: tokens.access_token as string,
      ...(typeof tokens.refresh_token === 'string' && { refreshToken: tokens.refresh_token }),
    });
  });

  const nominal = `https://localhost:${port}`;
  return {
    url,
    tokenUrl: `${url}/token`,
    requests,
    issued,
    refuse: (next) => {
      refusal = next;
    },
    accept: () => {
      refusal = undefined;
    },
    issueExpiringIn: (seconds) => {
      expiresIn = seconds;
    },
    onRequest: (listener) => {
      requestListener = listener;
    },
    latestAccessToken: () => issued.at(-1)?.accessToken,
    acceptingLatest: (account) => ({
      get [account]() {
        return issued.at(-1)?.accessToken ?? 'nothing issued yet';
      },
    }),
    setIdTokenClaims: (claims) => {
      idTokenClaims = { ...claims };
    },
    amendAnswers: (amend) => {
      amendAnswer = amend;
    },
    googleOptions: () => ({
      authUrl: `${url}/authorize`,
      tokenUrl: `${url}/token`,
      revokeUrl: `${url}/revoke`,
    }),
    microsoftOptions: () => ({
      authorityHost: nominal,
      knownAuthorities: [`localhost:${port}`],
      authorityMetadata: JSON.stringify({
        token_endpoint: `${url}/token`,
        authorization_endpoint: `${url}/authorize`,
        end_session_endpoint: `${url}/endsession`,
        jwks_uri: `${url}/jwks`,
        issuer: nominal,
      }),
    }),
    stop: () => server.stop(),
  };
}

/**
 * Opens an authorize URL of the mock as a browser would, without signing anyone in (the mock consents at
 * once), and returns the callback URL it redirects to, with `code` (or `error`) and `state`.
 *
 * @example
 * const callback = await followAuthorizeUrl(googleAuthorizeUrl(request, provider));
 * const code = callback.searchParams.get('code');
 */
export async function followAuthorizeUrl(authorizeUrl: string): Promise<URL> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`The authorize endpoint answered ${response.status}: ${await response.text()}`);
  }
  return new URL(location);
}
