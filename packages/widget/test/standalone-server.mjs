/**
 * Serves a plain static page and the built `dist/standalone.js` under `/standalone/`, byte for byte: this
 * middleware answers before the dev server's plugins, so nothing resolves a bare specifier or compiles
 * anything for the page, as when a host serves the file from its own folder or a CDN does.
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * export default { middleware: [standalonePage] };
 * ```
 */
import { readFile } from 'node:fs/promises';

const FILES = {
  '/standalone/page.html': ['text/html', new URL('./standalone/page.html', import.meta.url)],
  '/standalone/standalone.js': ['text/javascript', new URL('../dist/standalone.js', import.meta.url)],
};

/**
 * Koa middleware for the test runner: answers the paths of {@link FILES}, a 404 when the widget is not
 * built, and hands every other request on.
 *
 * @param {import('koa').Context} context
 * @param {() => Promise<void>} next
 */
export async function standalonePage(context, next) {
  const file = FILES[/** @type {keyof typeof FILES} */ (context.path)];
  if (!file) return next();
  const [type, url] = file;
  try {
    context.body = await readFile(url);
    context.type = type;
  } catch {
    context.status = 404;
    context.body = `${url.pathname} is missing: run npm run build first`;
  }
}
