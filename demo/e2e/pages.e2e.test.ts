import { describe, expect, it } from 'vitest';
import { adminForm } from './admin-form.js';
import { useDemoSession } from './demo-session.js';

describe('the same element in React and Vue, themed and translated', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it.each([
    ['React', '/react.html'],
    ['Vue', '/vue.html'],
  ])('saves through the %s page, which hears the save event', async (framework, path) => {
    const page = await session.open(path);
    // What the element loaded, whether or not another page saved before.
    await page
      .getByRole('status')
      .filter({ hasText: /^(Nothing saved yet|Loaded version \d+)$/ })
      .waitFor();
    const form = adminForm(page);
    await form.fillBasic(session.demo.smtp, { fromName: `Saved from ${framework}` });
    const result = await form.test();
    expect(await result.innerText()).toContain('The connection works.');
    await form.save();
    await page
      .getByRole('status')
      .filter({ hasText: /Last saved version \d+/ })
      .waitFor();
    await session.screenshot(page, `10-${framework.toLowerCase()}-saved`);
    await page.close();
  });

  it('switches the element to German and the dark theme, and the framework pages follow', async () => {
    const page = await session.open();
    // The theme first: in German its label says "Design".
    await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Dark' });
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    const form = page.locator('smtp-settings');
    await form.getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // A string, because these tests are type-checked without the DOM library.
    const colorScheme = await page.evaluate(
      "getComputedStyle(document.querySelector('smtp-settings')).colorScheme",
    );
    expect(colorScheme).toContain('dark');
    // The page around the element follows the switch too, without a reload.
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByRole('region', { name: 'Posteingang' }).waitFor();
    await page.getByRole('button', { name: 'Benachrichtigung senden' }).waitFor();
    await page.getByRole('heading', { name: 'Entwicklungs-Mailserver' }).waitFor();
    await page.getByRole('button', { name: 'Host (Mailserver) kopieren' }).waitFor();
    expect(await page.getByLabel('Sprache', { exact: true }).inputValue()).toBe('de');
    expect(await page.getByLabel('Design', { exact: true }).locator('option:checked').innerText()).toBe(
      'Dunkel',
    );
    expect(await page.title()).toBe('smtp-settings · Demo');
    await session.screenshot(page, '11-german-dark');
    // What the adapter writes comes in German too, from its keys: here a preset's note.
    await form.getByLabel('Vorlage', { exact: true }).selectOption('microsoft365');
    await form
      .getByText(
        'Microsoft schaltet SMTP mit Basic Auth Ende Dezember 2026 standardmäßig ab: Verwenden Sie lieber OAuth.',
      )
      .waitFor();

    await page.reload();
    await form.getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    await page.goto(`${session.demo.url}/react.html`);
    await page.locator('smtp-settings').getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByRole('heading', { name: 'Ausgehende E-Mails in React' }).waitFor();
    await page.getByRole('navigation', { name: 'Demo-Seiten' }).waitFor();
    await session.screenshot(page, '11-german-react');

    await page.goto(session.demo.url);
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    await page.locator('smtp-settings').getByRole('radio', { name: 'Basic Authentication' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('region', { name: 'Inbox' }).waitFor();
    await page.getByRole('button', { name: 'Send a notification' }).waitFor();
    await page.getByRole('button', { name: 'Copy mail server host' }).waitFor();
    await page.getByLabel('Language', { exact: true }).waitFor();
    expect(await page.title()).toBe('smtp-settings · demo');
    await page.close();
  });

  it('follows a dark system under System, the default, where the element shows its own dark look', async () => {
    // A fresh context: nothing remembered, and a system that prefers dark.
    const context = await session.browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.goto(session.demo.url);
      await page.locator('smtp-settings').getByRole('radio', { name: 'Basic Authentication' }).waitFor();
      const theme = page.getByLabel('Theme', { exact: true });
      expect(await theme.inputValue()).toBe('system');
      expect(await theme.locator('option').allInnerTexts()).toEqual(['System', 'Light', 'Dark', 'Custom']);
      // A string, because these tests are type-checked without the DOM library.
      const look = () =>
        page.evaluate(`({
          page: getComputedStyle(document.body).backgroundColor,
          element: getComputedStyle(document.querySelector('smtp-settings')).backgroundColor,
          elementVariable: getComputedStyle(document.documentElement).getPropertyValue('--smtp-settings-background'),
        })`);
      // The element's own dark default (#0d1117), as no page variable overrides it.
      expect(await look()).toEqual({ page: 'rgb(1, 4, 9)', element: 'rgb(13, 17, 23)', elementVariable: '' });
      await session.screenshot(page, '14-system-dark');

      await page.emulateMedia({ colorScheme: 'light' });
      expect(await look()).toMatchObject({ page: 'rgb(243, 245, 248)', element: 'rgb(255, 255, 255)' });
      await theme.selectOption({ label: 'Light' });
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await look()).toMatchObject({ page: 'rgb(243, 245, 248)', element: 'rgb(255, 255, 255)' });
    } finally {
      await context.close();
    }
  });

  it('reports a notification and shows its mail in German, and in English after switching back', async () => {
    const page = await session.open();
    const form = adminForm(page);
    await form.fillBasic(session.demo.smtp);
    await form.test();
    await form.save();
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    await page.getByRole('button', { name: 'Benachrichtigung senden' }).click();
    const status = page.locator('#notify-status');
    await status
      .filter({ hasText: /^Benachrichtigung an admin@demo\.example: gesendet/ })
      .waitFor({ timeout: 20_000 });
    const panel = page.getByRole('region', { name: 'Posteingang' });
    await panel.getByRole('button').filter({ hasText: 'Test case TC-42 was updated' }).first().click();
    const reader = page.getByRole('dialog');
    await reader.getByText('Test case TC-42 was updated').first().waitFor();
    expect(await reader.locator('dt').allInnerTexts()).toEqual(['Von', 'An', 'Datum']);
    await session.screenshot(page, '11-german-reader');
    await reader.getByRole('button', { name: 'Schließen' }).click();

    // Texts already on screen switch language too, not only the ones rendered afterwards.
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    expect(await status.innerText()).toMatch(/^Notification for admin@demo\.example: sent/);
    await page
      .getByRole('region', { name: 'Inbox' })
      .getByText(/^\d+ messages?$/)
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.close();
  });
});
