import { describe, expect, it } from 'vitest';
import { adminForm, inbox } from './admin-form.js';
import { E2E_BROWSERS, useDemoSession } from './demo-session.js';

describe.each(E2E_BROWSERS)(
  'a new admin sets up Basic authentication against the development mail server (%s)',
  {
    timeout: 90_000,
  },
  (browser) => {
    const session = useDemoSession(browser);

    it('tests with live stages, sends a test mail to the inbox, saves, and finds the values with the secret masked', async () => {
      const page = await session.open();
      const form = adminForm(page);
      const { smtp } = session.demo;
      await session.screenshot(page, '01-empty-form');

      // Tries a preset first, then types the development server over it.
      await form.field('Preset').selectOption({ label: 'Microsoft 365' });
      await form.shows(/Basic auth off by default/);
      await form.fillBasic(smtp);
      expect(await form.field('SMTP Server').inputValue()).toBe(smtp.host);
      await form.fill({ 'Send test email to': 'qa-lead@demo.example' });
      await form.shows('Unsaved changes');

      const result = await form.test();
      const verdict = await result.innerText();
      expect(verdict).toContain('The connection works.');
      for (const stage of ['Connect', 'TLS', 'Capabilities (EHLO)', 'Sign-in', 'Send'])
        expect(verdict).toContain(stage);
      const testMail = await inbox(page).mail('qa-lead@demo.example');
      expect(await testMail.innerText()).toContain('notifications@demo.example');
      await session.screenshot(page, '02-basic-test-passed');

      await form.save();
      await page.reload();
      const again = adminForm(page);
      await again.shows('Saved — type to replace');
      expect(await again.field('SMTP Server').inputValue()).toBe(smtp.host);
      expect(await again.field('SMTP Port').inputValue()).toBe(String(smtp.port));
      expect(await again.field('SMTP User Name').inputValue()).toBe(smtp.user);
      expect(await again.field('SMTP Password').inputValue()).toBe('');
      expect(await page.locator('smtp-settings form').innerHTML()).not.toContain(smtp.password);
      await session.screenshot(page, '03-basic-saved');

      await page.getByRole('button', { name: 'Send a notification' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Notification for admin@demo\.example: sent/ })
        .waitFor({ timeout: 20_000 });
      const notification = await inbox(page).mail('Test case TC-42 was updated');
      await notification.click();
      const reader = page.getByRole('dialog');
      await reader.getByText('Test case TC-42 was updated').first().waitFor();
      expect(await reader.innerText()).toContain('Demo Tracker');
      await session.screenshot(page, '04-notification-in-inbox');
    });

    it('offers the development mail server as the first preset, with its login in the note', async () => {
      const page = await session.open();
      const form = adminForm(page);
      const { smtp } = session.demo;
      await form.field('Preset').selectOption({ label: 'Demo mail server (this machine)' });
      await form.shows(
        `User "${smtp.user}", password as shown beside the form; the mail lands in the Inbox.`,
      );
      expect(await form.field('SMTP Server').inputValue()).toBe(smtp.host);
      expect(await form.field('SMTP Port').inputValue()).toBe(String(smtp.port));
      expect(await form.field('Connection Security').inputValue()).toBe('starttls');
      const presets = await form.field('Preset').locator('option').allInnerTexts();
      expect(presets).not.toContain('Local development server');
      await page.close();
    });
  },
);
