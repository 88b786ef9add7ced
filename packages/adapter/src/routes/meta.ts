import { type MetaResponse, OAUTH_PROVIDERS } from '@smtp-settings/schema';
import { Hono } from 'hono';
import type { SmtpSettingsEnv } from '../env.js';
import { redirectUriOf } from '../oauth/redirect-uri.js';
import type { ResolvedOptions } from '../resolve-options.js';

/** `GET /meta`: what the form needs before it renders — redirect URIs, providers, presets, limits. */
export function metaRoutes(options: ResolvedOptions) {
  const body: MetaResponse = {
    redirectUris: {
      microsoft: redirectUriOf(options.publicUrl, 'microsoft'),
      google: redirectUriOf(options.publicUrl, 'google'),
    },
    providers: [...OAUTH_PROVIDERS],
    requireTestBeforeSave: options.requireTestBeforeSave,
    presets: [...options.presets],
    maxBodyBytes: options.maxBodyBytes,
  };
  return new Hono<SmtpSettingsEnv>().get('/', (c) => c.json(body));
}
