import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { browserExecutable } from '../../../scripts/setup/browsers.mjs';
import type { AriaRole, E2EContext, E2EPage } from '../e2e-page.js';
import { FirefoxLocator } from './locator.js';

/** A puppeteer-core page behind the Playwright-like {@link E2EPage}. */
export class FirefoxPage implements E2EPage {
  readonly #page: Page;
  readonly #root: FirefoxLocator;

  constructor(page: Page) {
    this.#page = page;
    this.#root = new FirefoxLocator(page, []);
  }

  getByRole(role: AriaRole, options?: { name?: string | RegExp; exact?: boolean }) {
    return this.#root.getByRole(role, options);
  }

  getByLabel(text: string | RegExp, options?: { exact?: boolean }) {
    return this.#root.getByLabel(text, options);
  }

  getByText(text: string | RegExp, options?: { exact?: boolean }) {
    return this.#root.getByText(text, options);
  }

  locator(selector: string, options?: { hasText?: string | RegExp }) {
    return this.#root.locator(selector, options);
  }

  goto(url: string) {
    return this.#page.goto(url);
  }

  reload() {
    return this.#page.reload();
  }

  close() {
    return this.#page.close();
  }

  url() {
    return this.#page.url();
  }

  on(event: 'load', listener: () => void) {
    this.#page.on(event, listener);
    return this;
  }

  evaluate<R>(expression: string): Promise<R> {
    return this.#page.evaluate(expression) as Promise<R>;
  }

  screenshot({ path, fullPage }: { path: string; fullPage?: boolean }) {
    return this.#page.screenshot({ path, fullPage });
  }

  setViewportSize({ width, height }: { width: number; height: number }) {
    return this.#page.setViewport({ width, height });
  }
}

/** Headless Firefox ESR with one browser context whose tabs open at `viewport`. */
export interface FirefoxSession {
  context: E2EContext<FirefoxPage>;
  close(): Promise<void>;
}

/** Launches the system's headless Firefox (`FIREFOX_PATH`, else Debian's Firefox ESR) the way the end-to-end tests need it; puppeteer-core drives it over WebDriver BiDi, since Playwright drives only its own patched Firefox. */
export async function launchFirefox(viewport: { width: number; height: number }): Promise<FirefoxSession> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserExecutable('firefox'),
    headless: true,
  });
  const context = await browser.createBrowserContext();
  return {
    context: {
      async newPage() {
        const page = await context.newPage();
        await page.setViewport(viewport);
        return new FirefoxPage(page);
      },
    },
    close: () => browser.close(),
  };
}
