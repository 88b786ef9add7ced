import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';
import { E2E_BROWSERS } from '../demo-session.js';
import type { E2EPage } from '../e2e-page.js';
import { launchFirefox } from './page.js';

// A form in a shadow root, as <smtp-settings> renders one, beside a light-DOM button of a similar name.
const HTML = `<!doctype html><title>Locators</title>
<div id="host"><template shadowrootmode="open">
  <form>
    <label for="server">SMTP Server</label><input id="server">
    <label for="security">Connection Security</label>
    <select id="security"><option value="none">None</option><option value="tls">SSL/TLS</option></select>
    <label><input type="checkbox" id="insecure"> Allow invalid certificate</label>
    <p><strong>Unsaved changes</strong></p>
    <button type="button">Save</button><button type="button" aria-hidden="true">Save hidden</button>
  </form>
</template></div>
<button type="button">Save draft</button>`;

/**
 * The Firefox locators (puppeteer-core) against Playwright's own in Chromium, on one page: the journeys
 * that run in both browsers rely on them meaning the same.
 */
describe.each(E2E_BROWSERS)('the journeys’ locators (%s)', (browser) => {
  let page: E2EPage;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (browser === 'firefox') {
      const firefox = await launchFirefox({ width: 800, height: 600 });
      page = await firefox.context.newPage();
      close = firefox.close;
    } else {
      const chromium = await launchChromium();
      page = await chromium.newPage();
      close = () => chromium.close();
    }
    await page.goto(`data:text/html,${encodeURIComponent(HTML)}`);
  }, 60_000);
  afterAll(() => close?.());

  it('finds by role and accessible name through shadow roots, leaving out what is hidden from assistive tech', async () => {
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(1);
    // A tree's own elements come before those in its elements' shadow roots.
    expect(await page.getByRole('button', { name: 'save' }).allInnerTexts()).toEqual(['Save draft', 'Save']);
    expect(await page.getByRole('button', { name: /^Save d/ }).innerText()).toBe('Save draft');
    expect(await page.getByRole('checkbox', { name: 'Allow invalid certificate' }).count()).toBe(1);
  });

  it('refuses to act on several elements, and times out on none', async () => {
    await expect(page.getByRole('button', { name: 'Save' }).click()).rejects.toThrow(
      /strict mode violation/i,
    );
    await expect(page.getByText('Nowhere on the page').waitFor({ timeout: 300 })).rejects.toThrow(/timeout/i);
    expect(await page.getByRole('button', { name: 'Save' }).last().innerText()).toBe('Save');
  });

  it('fills, selects and checks the controls a label names', async () => {
    const server = page.getByLabel('SMTP Server', { exact: true });
    await server.fill('smtp.example.com');
    expect(await server.inputValue()).toBe('smtp.example.com');
    await server.fill('');
    expect(await server.inputValue()).toBe('');
    const security = page.getByLabel('Connection Security');
    expect(await security.selectOption({ label: 'SSL/TLS' })).toEqual(['tls']);
    expect(await security.inputValue()).toBe('tls');
    const insecure = page.getByLabel('Allow invalid certificate');
    await insecure.check();
    expect(await insecure.isChecked()).toBe(true);
    await insecure.uncheck();
    expect(await insecure.isChecked()).toBe(false);
    expect(await page.getByLabel('SMTP').or(page.getByLabel('Nothing')).count()).toBe(1);
  });

  it('finds the innermost element holding a text, exactly or in part, and filters by text', async () => {
    expect(await page.getByText('Unsaved changes', { exact: true }).innerHTML()).toBe('Unsaved changes');
    expect(await page.getByText('unsaved').count()).toBe(1);
    expect(await page.getByText('Unsaved', { exact: true }).count()).toBe(0);
    expect(
      await page
        .locator('#host form p')
        .filter({ hasText: /^Unsaved/ })
        .count(),
    ).toBe(1);
    expect(await page.locator('p', { hasText: 'Nothing like it' }).count()).toBe(0);
    await page.getByText('Nowhere on the page').waitFor({ state: 'detached', timeout: 300 });
  });
});
