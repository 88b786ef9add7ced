/**
 * The part of Playwright's page and locator API the journeys use, so one journey runs in both browsers:
 * Chromium's pages are Playwright's own, Firefox's are puppeteer-core's behind the same shape
 * (`firefox/`). Playwright's `Page` and `Locator` fit these types as they are.
 *
 * @module
 */
import type { Page } from 'playwright-core';

/** The roles `getByRole` takes, as Playwright names them. */
export type AriaRole = Parameters<Page['getByRole']>[0];

/** How `waitFor` waits: for the element to be in the DOM, gone, shown or hidden. */
export type WaitState = 'attached' | 'detached' | 'visible' | 'hidden';

/** The locator methods that find more elements from a page or a locator. */
export interface E2EFinder {
  getByRole(role: AriaRole, options?: { name?: string | RegExp; exact?: boolean }): E2ELocator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): E2ELocator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): E2ELocator;
  locator(selector: string, options?: { hasText?: string | RegExp }): E2ELocator;
}

/** A Playwright-like locator: strict (one element) for actions and reads, auto-waiting up to 30 s. */
export interface E2ELocator extends E2EFinder {
  filter(options: { hasText?: string | RegExp }): E2ELocator;
  or(locator: E2ELocator): E2ELocator;
  first(): E2ELocator;
  last(): E2ELocator;
  waitFor(options?: { state?: WaitState; timeout?: number }): Promise<void>;
  /** `force` skips waiting for the element to be visible and enabled. */
  click(options?: { force?: boolean }): Promise<void>;
  fill(value: string): Promise<void>;
  check(): Promise<void>;
  uncheck(): Promise<void>;
  selectOption(option: { label: string }): Promise<string[]>;
  inputValue(): Promise<string>;
  innerText(): Promise<string>;
  innerHTML(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  isChecked(): Promise<boolean>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  screenshot(options: { path: string }): Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: a page-side element; the e2e's Node types have no DOM library to name it.
  evaluate<R>(pageFunction: (element: any) => R): Promise<R>;
  // biome-ignore lint/suspicious/noExplicitAny: page-side elements, as for evaluate.
  evaluateAll<R>(pageFunction: (elements: any[]) => R): Promise<R>;
}

/** A Playwright-like page. */
export interface E2EPage extends E2EFinder {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  close(): Promise<void>;
  url(): string;
  on(event: 'load', listener: () => void): unknown;
  /** Evaluates a script's source in the page (a string: the e2e's Node types have no DOM library). */
  evaluate<R>(expression: string): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
}

/** Where new tabs come from: a browser context. */
export interface E2EContext<P extends E2EPage = E2EPage> {
  newPage(): Promise<P>;
}
