import { afterEach, describe, expect, it } from 'vitest';
import { adminForm, inbox } from './admin-form.js';
import { axeViolations } from './axe.js';
import { E2E_BROWSERS, useDemoSession } from './demo-session.js';
import type { E2EPage } from './e2e-page.js';

/** Retries come 5 s apart in the demo and the log looks every 2 s (up to 16 s while nothing changes). */
const PATIENCE = { timeout: 30_000 };
const SUBJECT = 'Test case TC-42 was updated';

describe.each(E2E_BROWSERS)(
  'the demo page shows the delivery log, live (%s)',
  { timeout: 150_000 },
  (browser) => {
    const session = useDemoSession(browser);
    afterEach(async () => {
      // Each journey starts with a server that takes mail, whatever the last one left.
      await fetch(`${session.demo.url}/demo/smtp/outage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: session.demo.url },
        body: '{"down":false}',
      });
    });

    /** Opens the page with the development mail server's Basic settings tested and saved, with the password it takes now. */
    async function savedPage(): Promise<E2EPage> {
      const info = (await (await fetch(`${session.demo.url}/demo/info`)).json()) as {
        smtp: { password: string };
      };
      const page = await session.open();
      const form = adminForm(page);
      await form.fillBasic(session.demo.smtp, { password: info.smtp.password });
      await form.test();
      await form.save();
      return page;
    }

    /** Sends "Test case TC-42 was updated" to `to` from the page's notification form. */
    async function notify(page: E2EPage, to: string) {
      await page.getByLabel('Recipient (optional)').fill(to);
      await page.getByRole('button', { name: 'Send a notification' }).click();
      await page.locator('#notify-delivery').getByRole('link', { name: 'delivery record (JSON)' }).waitFor();
    }

    /** The delivery log on the page, and its row for the message to `to`. */
    function deliveryLog(page: E2EPage) {
      const log = page.locator('smtp-delivery-log');
      return {
        log,
        row: (to: string) => log.getByRole('row').filter({ hasText: to }),
        /** Waits until the row for `to` says `status`, without reloading the page. */
        async shows(to: string, status: string | RegExp) {
          await log
            .getByRole('row')
            .filter({ hasText: to })
            .locator('[part~="delivery-status"]', { hasText: status })
            .waitFor(PATIENCE);
        },
      };
    }

    /** How many copies of the notification to `to` the development mail server received. */
    async function received(to: string): Promise<number> {
      const { messages } = (await (await fetch(`${session.demo.url}/demo/inbox`)).json()) as {
        messages: { to: string[]; subject: string }[];
      };
      return messages.filter((mail) => mail.to.includes(to) && mail.subject === SUBJECT).length;
    }

    const outageSwitch = (page: E2EPage) =>
      inbox(page).panel.getByRole('switch', { name: 'Mail server outage' });

    it('shows a notification retrying during an outage and turning to sent once the server is back', async () => {
      const page = await savedPage();
      const to = 'outage@demo.example';
      const { log, row, shows } = deliveryLog(page);
      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));

      await outageSwitch(page).check();
      await inbox(page)
        .panel.getByRole('status')
        .filter({ hasText: /connections are refused/ })
        .waitFor();
      await notify(page, to);
      await shows(to, /^Retrying at .+/);
      expect(await row(to).innerText()).toContain(SUBJECT);
      expect(await axeViolations(page), 'a message retrying').toEqual([]);

      await outageSwitch(page).uncheck();
      await shows(to, 'Sent');
      expect(loads, 'the log changed without a reload').toEqual([]);
      expect(await received(to)).toBe(1);
      expect(await axeViolations(page), 'the message sent').toEqual([]);

      // The log speaks the page's language.
      await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
      await log.getByRole('columnheader', { name: 'Betreff' }).waitFor();
      expect(await row(to).locator('[part~="delivery-status"]').innerText()).toBe('Gesendet');
      await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
      await log.getByRole('columnheader', { name: 'Subject' }).waitFor();
      await page.close();

      // The React page shows the same log through its wrapper.
      const react = await session.context.newPage();
      await react.goto(`${session.demo.url}/react.html`);
      await deliveryLog(react).shows(to, 'Sent');
      await react.close();
    });

    it('shows a notification held for a changed server password, with the banner, and sent once the new one is saved', async () => {
      let page = await savedPage();
      const to = 'held@demo.example';
      const devServer = page.locator('#dev-server');
      await devServer.getByRole('button', { name: 'Change the password' }).click();
      await devServer
        .getByRole('status')
        .filter({ hasText: /now takes the password demo-password-\d+ only/ })
        .waitFor();
      const password = (await devServer.innerText()).match(/demo-password-\d+/)?.[0] ?? '';

      await notify(page, to);
      await deliveryLog(page).shows(to, /^Held: .+/);
      // The form reads how mail went when it loads and after each save: the admin coming back to it sees the hold.
      await page.close();
      page = await session.open();
      const form = page.locator('smtp-settings');
      const banner = form.locator('[part~="held-banner"]');
      await banner
        .filter({ hasText: /^1 message is waiting since .+\. Fix the settings and Save to send them\.$/ })
        .waitFor(PATIENCE);
      const { shows } = deliveryLog(page);
      await shows(to, /^Held: .+/);
      expect(await axeViolations(page), 'a message held, with the banner').toEqual([]);
      await session.screenshot(page, '21-delivery-log-held');

      await adminForm(page).fill({ 'SMTP Password': password });
      await adminForm(page).test();
      await adminForm(page).save();
      await shows(to, 'Sent');
      expect(await received(to)).toBe(1);
      await banner.filter({ hasText: /\S/ }).waitFor({ state: 'detached', ...PATIENCE });
      expect(await axeViolations(page), 'the held message sent after the fix').toEqual([]);
      await page.close();
    });

    it('opens a failed message with its attempts and resends it, which sends it', async () => {
      const page = await savedPage();
      const to = 'bounce@demo.example';
      const { log, row, shows } = deliveryLog(page);
      const panel = inbox(page).panel;
      await panel
        .getByLabel('Kind of outage')
        .selectOption({ label: '550 No such mailbox (fails for good)' });
      await outageSwitch(page).check();
      await panel
        .getByRole('status')
        .filter({ hasText: /refuses every recipient since .+: 550 No such mailbox\.$/ })
        .waitFor();
      await notify(page, to);
      await shows(to, 'Failed');
      expect(await received(to)).toBe(0);

      // The list and the message at both widths, as a phone and a desktop show them.
      const section = page.locator('#delivery-log');
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await section.screenshot({ path: session.screenshotPath(`22-delivery-log-list-${width}`) });
        // No column squeezed below its words: the table fits, and no header breaks inside a word.
        const table = log.locator('[part~="table"]');
        expect(await table.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        // Each header is one word: broken inside it, its text would take two line boxes.
        const headers = await table.locator('th').evaluateAll((cells) =>
          cells.map((cell) => {
            const range = cell.ownerDocument.createRange();
            range.selectNodeContents(cell);
            return range.getClientRects().length;
          }),
        );
        expect(headers.every((lines) => lines === 1)).toBe(true);
      }

      await row(to).getByRole('button', { name: SUBJECT }).click();
      const detail = log.locator('[part~="detail"]');
      await detail.waitFor();
      const attempt = detail.locator('[part~="attempt"]');
      await attempt.first().waitFor();
      expect(await attempt.count()).toBe(1);
      const text = await attempt.first().innerText();
      expect(text).toMatch(/^Attempt 1\b/);
      expect(text).toContain('Failed at Sender and recipient.');
      expect(await attempt.locator('[part~="error-code"]').innerText()).toBe('RECIPIENT_REJECTED');
      expect(await attempt.locator('[part~="server-reply"]').innerText()).toMatch(
        /^550\b.*No such mailbox here/,
      );
      expect(text).toMatch(/What to do: .+/);
      expect(await axeViolations(page), 'a failed message open').toEqual([]);
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await section.screenshot({ path: session.screenshotPath(`23-delivery-log-detail-${width}`) });
      }

      await outageSwitch(page).uncheck();
      await panel.getByRole('status').filter({ hasText: 'The mail server accepts mail.' }).waitFor();
      await log.getByRole('button', { name: 'Resend', exact: true }).click();
      await log.locator('[part~="confirm-button"]').click();
      await log.getByRole('status').filter({ hasText: 'The message is queued to be sent again.' }).waitFor();
      await detail
        .locator('[part~="facts"] [part~="delivery-status"]', { hasText: 'Sent' })
        .waitFor(PATIENCE);
      expect(await attempt.count()).toBe(2);
      expect(await attempt.last().innerText()).toMatch(/^Attempt 2\b.*\bSent\b/);
      expect(await received(to)).toBe(1);
      expect(await axeViolations(page), 'the resent message sent').toEqual([]);
      await session.screenshot(page, '24-delivery-log-resent');

      await log.getByRole('button', { name: 'Back to the list' }).click();
      await shows(to, 'Sent');
      await page.close();
    });
  },
);
