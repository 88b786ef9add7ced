import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminForm } from './admin-form.js';
import { type DemoSession, startDemoSession } from './demo-session.js';

describe('the same element in React and Vue, themed and translated', { timeout: 90_000 }, () => {
  let session: DemoSession;
  beforeAll(async () => {
    session = await startDemoSession();
  }, 60_000);
  afterAll(() => session?.close());

  it.each([
    ['React', '/react.html'],
    ['Vue', '/vue.html'],
  ])('saves through the %s page, which hears the save event', async (framework, path) => {
    const page = await session.open(path);
    const form = adminForm(page);
    const { smtp } = session.demo;
    await form.fill({ 'SMTP Server': smtp.host, 'SMTP Port': String(smtp.port) });
    await form.field('Connection Security').selectOption({ label: 'STARTTLS' });
    await form.fill({
      'SMTP User Name': smtp.user,
      'SMTP Password': smtp.password,
      'From Email': 'notifications@demo.example',
      'From Name': `Saved from ${framework}`,
    });
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
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Dark' });
    const form = page.locator('smtp-settings');
    await form.getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const background = await form.evaluate((element) => getComputedStyle(element).colorScheme);
    expect(background).toContain('dark');
    await session.screenshot(page, '11-german-dark');

    await page.reload();
    await form.getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    await page.goto(`${session.demo.url}/react.html`);
    await page.locator('smtp-settings').getByRole('radio', { name: 'Basis-Authentifizierung' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  });
});
