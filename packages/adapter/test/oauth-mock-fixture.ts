import { randomUUID } from 'node:crypto';
import {
  type MutableResponse,
  type MutableToken,
  OAuth2Server,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';
import type { GoogleProviderOptions, MicrosoftProviderOptions } from '../src/oauth/providers.js';

/** One request the token endpoint received. */
export interface TokenRequest {
  grantType: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

/** A refusal the token endpoint answers with instead of tokens. */
export interface Refusal {
  status?: number;
  body: Record<string, unknown>;
}

/** Options of {@link startOAuthMock}. */
export interface OAuthMockOptions {
  /** Whether refresh responses carry a new refresh token (Microsoft) or none (Google); defaults to `true`. */
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
 * await mintGoogleAccessToken(settings, mock.googleOptions());
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

  // Two tokens minted within the same second would otherwise be identical JWTs.
  server.service.on('beforeTokenSigning', (token: MutableToken) => {
    token.payload.jti = randomUUID();
  });
  server.service.on('beforeResponse', (response: MutableResponse, req: TokenRequestIncomingMessage) => {
    const body = req.body as unknown as Record<string, string | undefined>;
    const request: TokenRequest = {
      grantType: String(body.grant_type),
      ...(body.refresh_token !== undefined && { refreshToken: body.refresh_token }),
      ...(body.client_id !== undefined && { clientId: body.client_id }),
      ...(body.client_secret !== undefined && { clientSecret: body.client_secret }),
      ...(body.scope !== undefined && { scope: body.scope }),
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
    if (!rotateRefreshToken) delete tokens.refresh_token;
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
