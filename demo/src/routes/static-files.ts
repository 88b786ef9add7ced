import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';

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
 * Serves the Vite build in `webDir`: `/` is `index.html`, other paths are files in it (`/react.html`,
 * `/vue.html`, `/assets/*`) with their content type; anything else is 404. Without a build, `/`
 * explains how to make one.
 *
 * @example
 * app.route('/', staticFiles(fileURLToPath(new URL('../dist/web', import.meta.url))));
 */
export function staticFiles(webDir: string) {
  const root = resolve(webDir);
  return new Hono().get('/*', async (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const file = resolve(join(root, decodeURIComponentSafe(path)));
    // Outside the build folder (`..`, encoded slashes) is simply not one of our files.
    if (!file.startsWith(root + sep) || !(await isFile(file))) {
      if (path === '/index.html' && !existsSync(root)) return c.html(NOT_BUILT, 503);
      return c.text('Not found', 404);
    }
    const type = getMimeType(file) ?? 'application/octet-stream';
    c.header('Content-Type', type);
    c.header('X-Content-Type-Options', 'nosniff');
    // Vite puts a content hash into every asset's name; pages must be fetched fresh to pick up new ones.
    c.header(
      'Cache-Control',
      path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (extname(file) === '.html') {
      c.header('Content-Security-Policy', PAGE_POLICY);
      c.header('Referrer-Policy', 'same-origin');
    }
    return c.body(await readFile(file));
  });
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
