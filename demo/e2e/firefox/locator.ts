import { setTimeout as sleep } from 'node:timers/promises';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { AriaRole, E2ELocator, WaitState } from '../e2e-page.js';
import { type Action, inPage, type NotOne, type Step, type TextMatch } from './in-page.js';

/** Playwright's default patience for an action or a wait. */
const TIMEOUT = 30_000;
const POLL_MS = 50;

const toMatch = (text: string | RegExp): TextMatch =>
  typeof text === 'string' ? text : { source: text.source, flags: text.flags };

const notOne = (value: unknown): value is NotOne =>
  typeof value === 'object' && value !== null && 'error' in value;

// A reload or navigation replaces the page's document while a step looks at it: the next look sees the new one.
const NAVIGATING = /context|destroyed|navigat|no such (frame|node)|realm|detached/i;

/**
 * A Playwright-like locator over a puppeteer-core page: it keeps the steps that describe the elements
 * and finds them afresh in the page (`in-page.js`) on each use; actions and reads wait until exactly
 * one element answers, and fail when several do, as Playwright's strict locators do.
 */
export class FirefoxLocator implements E2ELocator {
  readonly #page: Page;
  /** The steps from the page down to these elements. */
  readonly steps: Step[];

  constructor(page: Page, steps: Step[]) {
    this.#page = page;
    this.steps = steps;
  }

  getByRole(
    role: AriaRole,
    { name, exact }: { name?: string | RegExp; exact?: boolean } = {},
  ): FirefoxLocator {
    return this.#with({ kind: 'role', role, ...(name !== undefined && { name: toMatch(name) }), exact });
  }

  getByLabel(text: string | RegExp, { exact }: { exact?: boolean } = {}): FirefoxLocator {
    return this.#with({ kind: 'label', text: toMatch(text), exact });
  }

  getByText(text: string | RegExp, { exact }: { exact?: boolean } = {}): FirefoxLocator {
    return this.#with({ kind: 'text', text: toMatch(text), exact });
  }

  locator(selector: string, { hasText }: { hasText?: string | RegExp } = {}): FirefoxLocator {
    const css = this.#with({ kind: 'css', selector });
    return hasText === undefined ? css : css.filter({ hasText });
  }

  filter({ hasText }: { hasText?: string | RegExp }): FirefoxLocator {
    return hasText === undefined ? this : this.#with({ kind: 'hasText', text: toMatch(hasText) });
  }

  or(other: E2ELocator): FirefoxLocator {
    if (!(other instanceof FirefoxLocator)) throw new Error('or() takes a locator of the same page');
    return this.#with({ kind: 'or', other: other.steps });
  }

  first(): FirefoxLocator {
    return this.#with({ kind: 'nth', index: 0 });
  }

  last(): FirefoxLocator {
    return this.#with({ kind: 'nth', index: -1 });
  }

  async waitFor({ state = 'visible', timeout = TIMEOUT }: { state?: WaitState; timeout?: number } = {}) {
    await this.#until(state, timeout);
  }

  async click({ force = false }: { force?: boolean } = {}) {
    await this.#act((element) => element.click(), force ? 'attached' : 'enabled');
  }

  async fill(value: string) {
    const keyboard = this.#page.keyboard;
    await this.#act(async (element) => {
      await element.focus();
      // Select what is there, then type over it (or delete it), as an admin would.
      await keyboard.down('Control');
      await keyboard.press('KeyA');
      await keyboard.up('Control');
      if (value === '') await keyboard.press('Backspace');
      else await keyboard.type(value);
    });
  }

  check() {
    return this.#setChecked(true);
  }

  uncheck() {
    return this.#setChecked(false);
  }

  async selectOption({ label }: { label: string }): Promise<string[]> {
    const value = await this.#read<string>('optionValue', label);
    return this.#act((element) => element.select(value));
  }

  inputValue() {
    return this.#read<string>('inputValue');
  }

  innerText() {
    return this.#read<string>('innerText');
  }

  innerHTML() {
    return this.#read<string>('innerHTML');
  }

  getAttribute(name: string) {
    return this.#read<string | null>('getAttribute', name);
  }

  isChecked() {
    return this.#read<boolean>('isChecked');
  }

  count() {
    return this.#run<number>('count');
  }

  allInnerTexts() {
    return this.#run<string[]>('innerTexts');
  }

  screenshot({ path }: { path: string }) {
    return this.#act((element) => element.screenshot({ path }), 'visible');
  }

  // biome-ignore lint/suspicious/noExplicitAny: a page-side element, as E2ELocator types it.
  evaluate<R>(pageFunction: (element: any) => R): Promise<R> {
    return this.#act((element) => element.evaluate(pageFunction) as Promise<R>, 'attached');
  }

  // biome-ignore lint/suspicious/noExplicitAny: page-side elements, as E2ELocator types them.
  async evaluateAll<R>(pageFunction: (elements: any[]) => R): Promise<R> {
    const elements = await this.#page.evaluateHandle(inPage, this.steps, 'elements' as Action);
    try {
      return (await elements.evaluate(pageFunction as (elements: unknown) => R)) as R;
    } finally {
      await elements.dispose();
    }
  }

  toString(): string {
    return `locator ${JSON.stringify(this.steps)}`;
  }

  #with(step: Step): FirefoxLocator {
    return new FirefoxLocator(this.#page, [...this.steps, step]);
  }

  #run<T>(action: Action, arg?: string): Promise<T> {
    return this.#page.evaluate(inPage, this.steps, action, arg) as Promise<T>;
  }

  /** Looks again and again until `look` answers (not `undefined`), riding out navigations, or times out. */
  async #poll<T>(look: () => Promise<T | undefined>, waitingFor: string, timeout = TIMEOUT): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const answer = await look().catch((error: Error) => {
        if (NAVIGATING.test(error.message)) return undefined;
        throw error;
      });
      if (answer !== undefined) return answer;
      if (Date.now() > deadline)
        throw new Error(`Timeout ${timeout}ms exceeded waiting for ${waitingFor}: ${this}`);
      await sleep(POLL_MS);
    }
  }

  #strict(found: NotOne): Error {
    return new Error(`Strict mode violation: ${found.count} elements answer ${this}`);
  }

  #until(state: WaitState | 'enabled', timeout = TIMEOUT): Promise<true> {
    return this.#poll(
      async () => {
        const answer = await this.#run<boolean | NotOne>('state', state);
        if (notOne(answer)) throw this.#strict(answer);
        return answer || undefined;
      },
      `the element to be ${state}`,
      timeout,
    );
  }

  async #read<T>(action: Action, arg?: string): Promise<T> {
    return this.#poll(async () => {
      const answer = await this.#run<T | NotOne>(action, arg);
      if (!notOne(answer)) return answer;
      if (answer.error === 'strict') throw this.#strict(answer);
      return undefined;
    }, `an element to ${action}`);
  }

  /** Waits until the one element is `state` (enabled, unless said), then does `action` with its handle. */
  async #act<T>(
    action: (element: ElementHandle) => Promise<T>,
    state: WaitState | 'enabled' = 'enabled',
  ): Promise<T> {
    await this.#until(state);
    const handle = await this.#page.evaluateHandle(inPage, this.steps, 'element' as Action);
    const element = handle.asElement() as ElementHandle | null;
    try {
      if (!element) throw new Error(`The element went away before it could be used: ${this}`);
      return await action(element);
    } finally {
      await handle.dispose();
    }
  }

  async #setChecked(checked: boolean) {
    if ((await this.isChecked()) !== checked) await this.click();
    if ((await this.isChecked()) !== checked) throw new Error(`Clicking did not change the state of ${this}`);
  }
}
