import type { Context } from 'hono';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;
// Enough for any real origin; a forged header can be kilobytes long.
const MAX_SHOWN_ORIGIN_LENGTH = 200;

/**
 * Cross-site request forgery protection for a JSON API. Hono's `csrf()` only looks at form content
 * types, so this checks what a browser cannot fake: a state-changing request must be JSON (which a
 * cross-site form cannot send without a CORS preflight), and any `Origin` or `Sec-Fetch-Site` the
 * browser sends must name a trusted origin. Safe methods pass without reading a header.
 *
 * @example
 * ```ts
 * const checkCsrf = csrfCheck(['https://app.example.com']);
 * checkCsrf(c); // throws ApiError 415 or 403
 * ```
 */
export function csrfCheck(trustedOrigins: readonly string[]): (c: Context) => void {
  const trusted = new Set(trustedOrigins.map((origin) => new URL(origin).origin));
  return (c) => {
    if (SAFE_METHODS.has(c.req.method)) return;
    if (!JSON_MEDIA_TYPE.test(c.req.header('Content-Type') ?? '')) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', notice('error.jsonOnly'));
    }
    const origin = c.req.header('Origin');
    if (origin !== undefined && !trusted.has(origin)) {
      // Naming the origin it saw tells a developer behind a dev server (Vite on :5173) what to add.
      const seen = JSON.stringify(origin.slice(0, MAX_SHOWN_ORIGIN_LENGTH));
      throw new ApiError(403, 'CSRF_REJECTED', notice('error.untrustedOrigin', { origin: seen }));
    }
    if (origin === undefined && c.req.header('Sec-Fetch-Site') === 'cross-site') {
      throw new ApiError(403, 'CSRF_REJECTED', notice('error.crossSiteNoOrigin'));
    }
  };
}
