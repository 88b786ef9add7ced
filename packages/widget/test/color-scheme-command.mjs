/**
 * The `emulate-color-scheme` test command: the page sees `prefers-color-scheme` as the payload's
 * `colorScheme` (`'light'` or `'dark'`), as on a system set so. web-test-runner's own `emulate-media`
 * needs the Chrome DevTools Protocol under puppeteer, which Firefox does not speak, and WebDriver BiDi's
 * media feature override comes after Firefox ESR 153; so in Firefox this sets Firefox's own content
 * preference instead, for the whole browser (the tests run one file at a time).
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * export default { plugins: [colorSchemeCommand()] };
 * // in a test
 * await executeServerCommand('emulate-color-scheme', { colorScheme: 'dark' });
 * ```
 */

/** Firefox's `layout.css.prefers-color-scheme.content-override`: 0 is dark, 1 is light. */
const FIREFOX_OVERRIDE = { dark: 0, light: 1 };

/** The web-test-runner plugin that answers `emulate-color-scheme`. */
export function colorSchemeCommand() {
  return {
    name: 'emulate-color-scheme-command',
    /** @param {{ command: string; payload: unknown; session: any }} options */
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-color-scheme') return undefined;
      const { colorScheme } = /** @type {{ colorScheme: 'light' | 'dark' }} */ (payload);
      if (!(colorScheme in FIREFOX_OVERRIDE)) throw new Error(`Unknown color scheme ${colorScheme}`);
      const page = session.browser.getPage(session.id);
      if (session.browser.type === 'playwright') await page.emulateMedia({ colorScheme });
      else await setFirefoxPreference(page, FIREFOX_OVERRIDE[colorScheme]);
      return true;
    },
  };
}

/**
 * Sets the content color scheme preference through the browser's chrome window, which WebDriver BiDi
 * reaches when Firefox runs with `-remote-allow-system-access`. puppeteer-core has no public way to send
 * a raw BiDi command: its browser's `connection` is internal.
 *
 * @param {import('puppeteer-core').Page} page
 * @param {number} value
 */
async function setFirefoxPreference(page, value) {
  const connection = /** @type {any} */ (page.browser()).connection;
  if (!connection)
    throw new Error('emulate-color-scheme needs Firefox driven by puppeteer-core over WebDriver BiDi');
  const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  await connection.send('script.evaluate', {
    expression: `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${value})`,
    target: { context: result.contexts[0].context },
    awaitPromise: false,
  });
}
