import type { Context } from 'hono';

/**
 * `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` on every answer: a JSON answer must
 * never be read as script or kept by a proxy or the browser. The document-only headers of
 * `secureHeaders()` (frame, referrer, opener and resource policies, HSTS) belong on pages: the OAuth
 * callback page sets its own, and HSTS is the host site's. Call it before the handler runs, so the
 * headers join the response as it is built — changing `c.res.headers` afterwards, as `secureHeaders()`
 * does, makes @hono/node-server rebuild each response, and every extra header costs throughput
 * (measured: ten more headers take a third of a small JSON route's requests per second).
 */
export function setResponseHeaders(c: Context): void {
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-store');
}
