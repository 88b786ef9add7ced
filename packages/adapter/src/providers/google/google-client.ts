import type { OAuth2Client } from 'google-auth-library';
import type { GoogleConfig } from './config.js';

/** The `google-auth-library` module. */
export type GoogleAuthLibrary = typeof import('google-auth-library');

let library: Promise<GoogleAuthLibrary> | undefined;

/**
 * google-auth-library, imported on first use and kept: a host that never signs in with Google never loads it.
 *
 * @example
 * ```ts
 * const client = googleClient(await loadGoogleAuth(), { clientId, clientSecret }, config, signal);
 * ```
 */
export function loadGoogleAuth(): Promise<GoogleAuthLibrary> {
  library ??= import('google-auth-library');
  return library;
}

/** An OAuth2Client for the app's credentials at the configured endpoints; `signal` ends every request it makes. */
export function googleClient(
  auth: GoogleAuthLibrary,
  { clientId, clientSecret, redirectUri }: { clientId: string; clientSecret?: string; redirectUri?: string },
  config: GoogleConfig,
  signal?: AbortSignal,
): OAuth2Client {
  return new auth.OAuth2Client({
    clientId,
    ...(clientSecret !== undefined && { clientSecret }),
    ...(redirectUri !== undefined && { redirectUri }),
    // gaxios merges these into every request; an aborted signal also stops its retries.
    ...(signal !== undefined && { transporterOptions: { signal } }),
    endpoints: {
      oauth2AuthBaseUrl: config.authUrl,
      oauth2TokenUrl: config.tokenUrl,
      oauth2RevokeUrl: config.revokeUrl,
    },
  });
}
