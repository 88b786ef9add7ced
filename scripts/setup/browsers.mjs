/**
 * Where the browsers the tests drive are: the one place that knows the environment variables and the
 * usual install locations. The setup (`scripts/test-setup.mjs`), the widget's launchers and the demo's
 * end-to-end tests all ask here. Nothing downloads a browser of its own.
 *
 * @example
 * ```js
 * chromium.launch({ executablePath: browserExecutable('chromium') });
 * ```
 */
import { isExecutable, which } from './system.mjs';

/** The browsers the tests use: the variable that names an executable, the commands and app bundles to look for. */
export const BROWSERS = {
  chromium: {
    label: 'Chromium',
    variable: 'CHROMIUM_PATH',
    debianPackage: 'chromium',
    commands: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    apps: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
  },
  firefox: {
    label: 'Firefox',
    variable: 'FIREFOX_PATH',
    debianPackage: 'firefox-esr',
    commands: ['firefox-esr', 'firefox'],
    apps: ['/Applications/Firefox.app/Contents/MacOS/firefox'],
  },
};

/**
 * The executable of a browser: the one its variable names (only that one, when set), else the first of its
 * commands on `PATH` (`/usr/bin/chromium`, `/usr/bin/firefox-esr`, …), else a macOS app bundle; undefined
 * when there is none.
 */
export function findBrowser(name, env = process.env) {
  const browser = BROWSERS[name];
  const chosen = env[browser.variable];
  if (chosen) return isExecutable(chosen) ? chosen : undefined;
  for (const command of browser.commands) {
    const found = which(command, env);
    if (found) return found;
  }
  return browser.apps.find(isExecutable);
}

/** One line saying what to install, or which variable to set, when {@link findBrowser} finds nothing. */
export function missingBrowser(name, env = process.env) {
  const { label, variable, debianPackage } = BROWSERS[name];
  const chosen = env[variable];
  if (chosen)
    return `${variable} is ${chosen}, which is not an executable file: point it at ${label} or unset it.`;
  return `The tests need ${label}: install it (Debian: apt-get install -y ${debianPackage}) or set ${variable} to its executable.`;
}

/** The executable of a browser, or an error saying what to install. */
export function browserExecutable(name, env = process.env) {
  const found = findBrowser(name, env);
  if (!found) throw new Error(missingBrowser(name, env));
  return found;
}
