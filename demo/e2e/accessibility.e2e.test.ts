import { describe, expect, it } from 'vitest';
import { adminForm, inbox } from './admin-form.js';
import { axeViolations } from './axe.js';
import { useDemoSession } from './demo-session.js';

const PAGES = ['/', '/react.html', '/vue.html'];
const THEMES = ['Light', 'Dark', 'Custom'];

describe('the demo pages meet WCAG 2.2 AA (axe-core)', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it.each(THEMES)('in the %s theme, on every page', async (theme) => {
    const main = await session.open();
    await main.getByLabel('Theme', { exact: true }).selectOption({ label: theme });
    for (const path of PAGES) {
      const page = await session.open(path);
      expect(await axeViolations(page), `${path} in ${theme}`).toEqual([]);
      await page.close();
    }
    await main.close();
  });

  it('in the System theme under a dark system preference, on every page', async () => {
    const context = await session.browser.newContext({ colorScheme: 'dark' });
    try {
      for (const path of PAGES) {
        const page = await context.newPage();
        await page.goto(`${session.demo.url}${path}`);
        await page.locator('smtp-settings').getByRole('radio', { name: 'Basic Authentication' }).waitFor();
        expect(await page.locator('html').getAttribute('data-theme')).toBe('system');
        expect(await axeViolations(page), `${path} in System (dark)`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('with a failed test on show and a mail open in the reader', async () => {
    const page = await session.open();
    const form = adminForm(page);
    await form.fillBasic(session.demo.smtp, { password: 'not-the-password' });
    await form.test();
    expect(await axeViolations(page), 'failed test').toEqual([]);

    await page.getByRole('button', { name: 'Send a notification' }).click();
    // Nothing is saved yet: the outbox keeps the notification, held until the first save.
    await page
      .getByRole('status')
      .filter({ hasText: /held until the settings are fixed \(NOT_CONFIGURED\)/ })
      .waitFor({ timeout: 20_000 });
    expect(await axeViolations(page), 'held notification').toEqual([]);
    await form.fillBasic(session.demo.smtp);
    await form.fill({ 'Send test email to': 'qa-lead@demo.example' });
    await form.test();
    await (await inbox(page).mail('qa-lead@demo.example')).click();
    await page.getByRole('dialog').waitFor();
    expect(await axeViolations(page), 'mail reader').toEqual([]);
    await page.close();
  });
});
