import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';

// The pages load only their own scripts; mail bodies shown in a sandboxed srcdoc frame keep their inline styles.
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>smtp-settings demo: pages not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The demo pages are not built yet</h1>
<p>The server runs (the adapter answers at <code>/api/smtp</code>), but <code>demo/dist/web</code> is missing.
Run <code>npm start</code>, or <code>npm run build -w @smtp-settings/demo</code>, then reload.</p>
</body></html>`;

/**
 * Serves the Vite build in `webDir` with @hono/node-server's `serveStatic` (content types, and no path
 * out of the folder): `/` is `index.html`, other paths are files in it (`/react.html`, `/vue.html`,
 * `/assets/*`); anything else is 404. Without a build, `/` explains how to make one.
 *
 * @example
 * app.route('/', staticFiles(fileURLToPath(new URL('../dist/web', import.meta.url))));
 */
export function staticFiles(webDir: string) {
  const root = resolve(webDir);
  return new Hono()
    .use('/*', serveStatic({ root, onFound: (path, c) => setPageHeaders(path, c) }))
    .get('/*', (c) =>
      c.req.path === '/' && !existsSync(root) ? c.html(NOT_BUILT, 503) : c.text('Not found', 404),
    );
}

function setPageHeaders(file: string, c: Context): void {
  c.header('X-Content-Type-Options', 'nosniff');
  // Vite puts a content hash into every asset's name; pages must be fetched fresh to pick up new ones.
  c.header(
    'Cache-Control',
    c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  if (extname(file) === '.html') {
    c.header('Content-Security-Policy', PAGE_POLICY);
    c.header('Referrer-Policy', 'same-origin');
  }
}
