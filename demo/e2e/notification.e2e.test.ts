import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminForm, changeDevServerPassword, inbox } from './admin-form.js';
import { axeViolations } from './axe.js';
import { useDemoSession } from './demo-session.js';

/** Retries come 5 s apart in the demo; a step waits for a few of them. */
const PATIENCE = { timeout: 30_000 };
const SUBJECT = 'Test case TC-42 was updated';

describe('a notification goes through the outbox', { timeout: 120_000 }, () => {
  const session = useDemoSession();
  beforeEach(async () => {
    // Each journey counts its own notification in the Inbox.
    await fetch(`${session.demo.url}/demo/inbox`, { method: 'DELETE' });
  });

  /** Opens the page with the development mail server's Basic settings tested and saved. */
  async function savedPage(password?: string): Promise<Page> {
    const page = await session.open();
    const form = adminForm(page);
    await form.fillBasic(session.demo.smtp, { ...(password && { password }) });
    await form.test();
    await form.save();
    return page;
  }

  /** The notification is in the Inbox once, and no copy is marked as a duplicate (the Test's mail is there too). */
  const deliveredOnce = async (page: Page) => {
    const rows = inbox(page).panel.getByRole('button').filter({ hasText: SUBJECT });
    await rows.first().waitFor(PATIENCE);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).not.toContain('Duplicate');
  };

  const notify = async (page: Page) => {
    await page.getByRole('button', { name: 'Send a notification' }).click();
    await page.locator('#notify-delivery').getByRole('link', { name: 'delivery record (JSON)' }).waitFor();
  };

  it('is retried while the mail server is down, with the reason and the next attempt, and delivered once it is back', async () => {
    const page = await savedPage();
    const outage = inbox(page).panel.getByRole('switch', { name: 'Mail server outage' });
    await outage.check();
    await inbox(page)
      .panel.getByRole('status')
      .filter({ hasText: /connections are refused/ })
      .waitFor();

    await notify(page);
    const status = page.locator('#notify-status');
    await status
      .filter({
        hasText:
          /^Notification for admin@demo\.example: retrying \(CONNECTION_REFUSED, next attempt at .+\)\. .+/,
      })
      .waitFor(PATIENCE);
    expect(await axeViolations(page), 'retrying notification').toEqual([]);
    await session.screenshot(page, '17-notification-retrying');
    expect(await inbox(page).panel.getByRole('button').filter({ hasText: SUBJECT }).count()).toBe(0);

    await outage.uncheck();
    await status
      .filter({ hasText: /^Notification for admin@demo\.example: sent \(at .+\)$/ })
      .waitFor(PATIENCE);
    await deliveredOnce(page);
    await session.screenshot(page, '18-notification-delivered-after-outage');

    // The same line in German, the reason left as the server gave it.
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    expect(await status.innerText()).toMatch(/^Benachrichtigung an admin@demo\.example: gesendet \(um .+\)$/);
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    await page.close();
  });

  it('is held while the server refuses the saved password, and delivered once the admin saves the new one', async () => {
    const page = await savedPage();
    const password = await changeDevServerPassword(page);

    await notify(page);
    const status = page.locator('#notify-status');
    await status
      .filter({
        hasText:
          /^Notification for admin@demo\.example: held until the settings are fixed \(AUTH_FAILED\)\. .+/,
      })
      .waitFor(PATIENCE);
    expect(await status.getAttribute('class')).toContain('error');
    expect(await axeViolations(page), 'held notification').toEqual([]);
    await session.screenshot(page, '19-notification-held');

    const form = adminForm(page);
    await form.fill({ 'SMTP Password': password });
    await form.test();
    await form.save();
    await status
      .filter({ hasText: /^Notification for admin@demo\.example: sent \(at .+\)$/ })
      .waitFor(PATIENCE);
    await deliveredOnce(page);
    await session.screenshot(page, '20-notification-sent-after-the-fix');
    await page.close();
  });
});
