import { createMiddleware } from 'hono/factory';

// Hono's secureHeaders() defaults, less COOP (only documents need it: the OAuth callback page sets its own).
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  // Settings are per-admin and change under the page: never let a proxy or the browser cache them.
  ['Cache-Control', 'no-store'],
];

/**
 * Secure headers and `Cache-Control: no-store` on every answer. Set before the handler runs, so they
 * join the response as it is built: changing `c.res.headers` afterwards, as `secureHeaders()` does,
 * makes @hono/node-server rebuild each response and costs most of the throughput of a small JSON route.
 */
export function responseHeaders() {
  return createMiddleware(async (c, next) => {
    for (const [name, value] of HEADERS) c.header(name, value);
    await next();
  });
}
