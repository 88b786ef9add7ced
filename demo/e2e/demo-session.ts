import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { quietDemoLogger } from '../src/demo-logger.js';
import { type RunningDemo, startDemo } from '../src/start-demo.js';
import { launchChromium } from './chromium.js';

/** Where each state's screenshot goes; git-ignored, kept after the run for a human to look at. */
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const WEB_BUILD = fileURLToPath(new URL('../dist/web/index.html', import.meta.url));

/** The whole demo on free ports with an empty data folder, and a browser to use it with. */
export interface DemoSession {
  demo: RunningDemo;
  /** The demo's data folder (its SQLite file, secret key and the dev mail server's CA in `tls/`). */
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  /** Opens the demo page (or `path`) in a new tab and waits for the form to load. */
  open(path?: string): Promise<Page>;
  /** Saves a full-page screenshot as `.screenshots/<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the demo as `npm start` would (local providers, SQLite in a temp folder) and Chromium. */
export async function startDemoSession(): Promise<DemoSession> {
  if (!existsSync(WEB_BUILD)) throw new Error('The demo pages are not built: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'smtp-settings-e2e-'));
  const demo = await startDemo({ dataDir, port: 0, smtpPort: 0, oauth: 'local', logger: quietDemoLogger });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    demo,
    dataDir,
    browser,
    context,
    async open(path = '/') {
      const page = await context.newPage();
      await page.goto(`${demo.url}${path}`);
      await page.getByRole('radio', { name: 'Basic Authentication' }).waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
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
 */
export function useDemoSession(): DemoSession {
  let started: DemoSession | undefined;
  beforeAll(async () => {
    started = await startDemoSession();
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
      return current().browser;
    },
    get context() {
      return current().context;
    },
    open: (path) => current().open(path),
    screenshot: (page, name) => current().screenshot(page, name),
    close: () => current().close(),
  };
}
