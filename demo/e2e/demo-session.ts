import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { quietDemoLogger } from '../src/demo-logger.js';
import { type RunningDemo, startDemo } from '../src/start-demo.js';
import { launchChromium } from './chromium.js';
import type { E2EContext, E2EPage } from './e2e-page.js';
import { launchFirefox } from './firefox/page.js';

/** Where each state's screenshot goes; git-ignored, kept after the run for a human to look at. */
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const WEB_BUILD = fileURLToPath(new URL('../dist/web/index.html', import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };

/** A browser the journeys run in: Debian's Chromium through Playwright, Firefox ESR through puppeteer-core. */
export type E2EBrowserName = 'chromium' | 'firefox';
/** Every browser the project promises to work in, for journeys written against {@link E2EPage}. */
export const E2E_BROWSERS: readonly E2EBrowserName[] = ['chromium', 'firefox'];

/** The whole demo on free ports with an empty data folder, and a browser to use it with. */
export interface DemoSessionIn<P extends E2EPage> {
  demo: RunningDemo;
  /** The demo's data folder (its SQLite file, secret key and the dev mail server's CA in `tls/`). */
  dataDir: string;
  context: E2EContext<P>;
  /** Opens the demo page (or `path`) in a new tab and waits for the form to load. */
  open(path?: string): Promise<P>;
  /** Saves a full-page screenshot as `.screenshots/<name>.png` (Firefox's in `.screenshots/firefox/`). */
  screenshot(page: P, name: string): Promise<void>;
  /** Where the screenshot called `name` goes. */
  screenshotPath(name: string): string;
  close(): Promise<void>;
}

/** A demo session in Chromium, with all of Playwright at hand. */
export interface DemoSession extends DemoSessionIn<Page> {
  browser: Browser;
  context: BrowserContext;
}

/** Starts the demo as `npm start` would (local providers, SQLite in a temp folder) and Chromium. */
export function startDemoSession(): Promise<DemoSession>;
/** Starts the demo and `browser`, to be used through the Playwright-like {@link E2EPage}. */
export function startDemoSession(browser: E2EBrowserName): Promise<DemoSessionIn<E2EPage>>;
export async function startDemoSession(
  browser: E2EBrowserName = 'chromium',
): Promise<DemoSessionIn<E2EPage>> {
  if (!existsSync(WEB_BUILD)) throw new Error('The demo pages are not built: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'smtp-settings-e2e-'));
  const demo = await startDemo({ dataDir, port: 0, smtpPort: 0, oauth: 'local', logger: quietDemoLogger });
  if (browser === 'firefox') {
    const firefox = await launchFirefox(VIEWPORT);
    return session(demo, dataDir, firefox.context, firefox.close, join(SCREENSHOTS, 'firefox'));
  }
  const chromium = await launchChromium();
  const context = await chromium.newContext({ viewport: VIEWPORT });
  const chromiumSession: DemoSession = {
    ...session(demo, dataDir, context, () => chromium.close(), SCREENSHOTS),
    browser: chromium,
    context,
  };
  return chromiumSession;
}

function session<P extends E2EPage>(
  demo: RunningDemo,
  dataDir: string,
  context: E2EContext<P>,
  closeBrowser: () => Promise<void>,
  screenshots: string,
): DemoSessionIn<P> {
  mkdirSync(screenshots, { recursive: true });
  const screenshotPath = (name: string) => join(screenshots, `${name}.png`);
  return {
    demo,
    dataDir,
    context,
    async open(path = '/') {
      const page = await context.newPage();
      await page.goto(`${demo.url}${path}`);
      await page.getByRole('radio', { name: 'Basic Authentication' }).waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
    },
    screenshotPath,
    async close() {
      await closeBrowser();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo session of the surrounding `describe`: started before its tests, closed after them.
 *
 * @example
 * describe('an admin…', () => {
 *   const session = useDemoSession();
 *   it('…', async () => { const page = await session.open(); });
 * });
 * describe.each(E2E_BROWSERS)('an admin… (%s)', (browser) => {
 *   const session = useDemoSession(browser);
 * });
 */
export function useDemoSession(): DemoSession;
export function useDemoSession(browser: E2EBrowserName): DemoSessionIn<E2EPage>;
export function useDemoSession(browser?: E2EBrowserName): DemoSessionIn<E2EPage> {
  let started: DemoSessionIn<E2EPage> | undefined;
  beforeAll(async () => {
    started = await (browser ? startDemoSession(browser) : startDemoSession());
  }, 60_000);
  afterAll(() => started?.close());
  const current = () => {
    if (!started) throw new Error('The demo session starts in beforeAll');
    return started;
  };
  return {
    get demo() {
      return current().demo;
    },
    get dataDir() {
      return current().dataDir;
    },
    get browser() {
      return (current() as DemoSession).browser;
    },
    get context() {
      return current().context;
    },
    open: (path) => current().open(path),
    screenshot: (page, name) => current().screenshot(page, name),
    screenshotPath: (name) => current().screenshotPath(name),
    close: () => current().close(),
  } as DemoSessionIn<E2EPage>;
}
