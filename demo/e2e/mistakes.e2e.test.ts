import { describe, expect, it } from 'vitest';
import { adminForm } from './admin-form.js';
import { useDemoSession } from './demo-session.js';

describe('an admin who makes mistakes is told what happened', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it('shows a wrong password as AUTH_FAILED at Sign-in with its hint, and keeps Save disabled', async () => {
    const page = await session.open();
    const form = adminForm(page);
    await form.fillBasic(session.demo.smtp, { password: 'not-the-password' });
    const result = await form.test();
    const text = await result.innerText();
    expect(text).toContain('The test failed at Sign-in.');
    expect(text).toContain('AUTH_FAILED');
    expect(text).toContain('Check the user name and password.');
    expect(text).not.toContain('not-the-password');
    expect(await form.button('Save').getAttribute('aria-disabled')).toBe('true');
    await form.button('Save').click({ force: true });
    expect(await form.text()).toContain('Unsaved changes');
    await session.screenshot(page, '08-wrong-password');
    await page.close();
  });

  it('tells the first tab that a second tab saved meanwhile, and reloads the newer values', async () => {
    const first = await session.open();
    const firstForm = adminForm(first);
    await firstForm.fillBasic(session.demo.smtp);
    await firstForm.test();
    await firstForm.save();

    const second = await session.open();
    const secondForm = adminForm(second);
    await secondForm.fill({ 'From Name': 'Saved in the second tab' });
    await secondForm.test();
    await secondForm.save();

    await firstForm.fill({ 'From Name': 'Saved in the first tab' });
    await firstForm.test();
    await firstForm.button('Save').click();
    await firstForm.shows('These settings were changed elsewhere');
    await session.screenshot(first, '09-conflict');
    await firstForm.button('Reload').click();
    await expect.poll(() => firstForm.field('From Name').inputValue()).toBe('Saved in the second tab');
  });
});
