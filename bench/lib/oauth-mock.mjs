/**
 * A local OAuth server for the benches (oauth2-mock-server on 127.0.0.1) that issues access tokens for any
 * refresh token and counts the refreshes it answered, and the Google provider options that point at it.
 */
import { OAuth2Server } from 'oauth2-mock-server';

/** Starts the mock; `googleOptions(smtp)` points the adapter's Google provider at it and at the SMTP server `smtp`. */
export async function startOAuthMock() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${new URL(server.issuer.url).port}`;
  let refreshes = 0;
  server.service.on('beforeResponse', (response, req) => {
    if (req.body?.grant_type !== 'refresh_token') return;
    refreshes += 1;
    // An hour, as Google's: the bench must never outlive a token, so each tenant needs exactly one.
    response.body.expires_in = 3600;
  });
  return {
    /** How many refresh-token grants it answered. */
    refreshes: () => refreshes,
    googleOptions: (smtp) => ({
      authUrl: `${url}/authorize`,
      tokenUrl: `${url}/token`,
      revokeUrl: `${url}/revoke`,
      smtp,
    }),
    stop: () => server.stop(),
  };
}
