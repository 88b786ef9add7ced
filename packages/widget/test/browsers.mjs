/**
 * The browsers the widget's tests run in, the system's own builds (`CHROMIUM_PATH` / `FIREFOX_PATH`, else Debian's; nothing here downloads a browser):
 * Chromium through Playwright, and Firefox ESR through puppeteer-core over WebDriver BiDi, since
 * Playwright drives only its own patched Firefox (its BiDi channel needs commands ESR 153 lacks).
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * export default { browsers: [launchers[process.env.WIDGET_TEST_BROWSER ?? 'chromium']()] };
 * ```
 */
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import * as puppeteer from 'puppeteer-core';
import { browserExecutable } from '../../../scripts/setup/browsers.mjs';

/** A launcher per browser name, as `WIDGET_TEST_BROWSER` names them. */
export const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: browserExecutable('chromium'),
        // Root needs --no-sandbox; the rest keep a headless Chromium off the network.
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  firefox: () =>
    // web-test-runner's puppeteer launcher, given puppeteer-core: the `puppeteer` package would download a Chrome.
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: browserExecutable('firefox'),
        headless: true,
        // Lets the test command for the color scheme set the browser's preference (test/color-scheme-command.mjs).
        args: ['-remote-allow-system-access'],
      },
    }),
};
