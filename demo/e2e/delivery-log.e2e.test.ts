import { afterEach, describe, expect, it } from 'vitest';
import { adminForm, changeDevServerPassword, inbox } from './admin-form.js';
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

    /** Sends the notification to `to` while the mail server refuses every recipient for good, and waits until the log says it failed. */
    async function failedNotification(page: E2EPage, to: string) {
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
      await deliveryLog(page).shows(to, 'Failed');
    }

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

      // The React and Vue pages show the same log: through its React wrapper, and a Vue render function.
      for (const path of ['/react.html', '/vue.html']) {
        const framework = await session.context.newPage();
        await framework.goto(`${session.demo.url}${path}`);
        await deliveryLog(framework).shows(to, 'Sent');
        expect(await deliveryLog(framework).row(to).innerText(), path).toContain(SUBJECT);
        await framework.close();
      }
    });

    it('shows a notification held for a changed server password, with the banner, and sent once the new one is saved', async () => {
      const page = await savedPage();
      const to = 'held@demo.example';
      const password = await changeDevServerPassword(page);

      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));
      await notify(page, to);
      await deliveryLog(page).shows(to, /^Held: .+/);
      // The form follows the outbox while it is open: the banner comes without a reload.
      const form = page.locator('smtp-settings');
      const banner = form.locator('[part~="held-banner"]');
      await banner
        .filter({ hasText: /^1 message is waiting since .+\. Fix the settings and Save to send them\.$/ })
        .waitFor(PATIENCE);
      expect(loads, 'the banner came without a reload').toEqual([]);
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
      await failedNotification(page, to);
      expect(await received(to)).toBe(0);

      // The list and the message at both widths, as a phone and a desktop show them.
      const section = page.locator('#delivery-log');
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await section.screenshot({ path: session.screenshotPath(`22-delivery-log-list-${width}`) });
        // Nothing scrolls sideways, and every status is whole and inside the element.
        expect(await log.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        const table = log.locator('[part~="table"]');
        expect(await table.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        const statuses = await log.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return [...(element.shadowRoot?.querySelectorAll('tbody [part~="delivery-status"]') ?? [])].map(
            (status) => {
              const { left, right } = status.getBoundingClientRect();
              // Its own box, not clientWidth: an inline element has none in Firefox.
              const whole =
                left >= box.left && right <= box.right && status.scrollWidth <= Math.ceil(right - left);
              return whole
                ? ''
                : `${status.textContent}: ${left}–${right} in ${box.left}–${box.right}, ${status.scrollWidth} > ${status.clientWidth}`;
            },
          );
        });
        expect(statuses.length).toBeGreaterThan(0);
        expect(statuses.filter(Boolean), `statuses cut at ${width} px`).toEqual([]);
        // Still a table to assistive technology, whatever it looks like: its headers, rows and cells.
        for (const header of ['Time', 'Recipients', 'Subject', 'Status']) {
          expect(await table.getByRole('columnheader', { name: header, exact: true }).count()).toBe(1);
        }
        expect(await row(to).getByRole('cell').count()).toBeGreaterThanOrEqual(4);
      }
      // On a phone each message is a card: time, recipients, subject and status one under another, each
      // named (the name shown, not read: a screen reader says the column header).
      await page.setViewportSize({ width: 375, height: 900 });
      const cells = await row(to)
        .locator('td')
        .evaluateAll((tds) =>
          tds.map((cell) => ({
            top: cell.getBoundingClientRect().top,
            // Chromium gives the computed label, Firefox the attr() it is computed from.
            label: cell.ownerDocument.defaultView
              ?.getComputedStyle(cell, '::before')
              .content.replace('attr(data-label)', JSON.stringify(cell.dataset.label)),
          })),
        );
      expect(cells.map(({ label }) => label)).toEqual(
        ['Time', 'Recipients', 'Subject', 'Status'].map((name) => `"${name}" / ""`),
      );
      expect(cells.every(({ top }, index) => index === 0 || top > (cells[index - 1]?.top ?? 0))).toBe(true);
      expect(await log.getByRole('columnheader').count()).toBe(4);
      await page.setViewportSize({ width: 1280, height: 900 });
      // On a desktop no column is squeezed below its words: no header breaks inside a word (broken, its
      // text would take two line boxes).
      const headers = await log.locator('th').evaluateAll((cells) =>
        cells.map((cell) => {
          const range = cell.ownerDocument.createRange();
          range.selectNodeContents(cell);
          return range.getClientRects().length;
        }),
      );
      expect(headers.every((lines) => lines === 1)).toBe(true);

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

    it('meets WCAG 2.2 AA in the Light, Dark and Custom themes: the list, a message and each confirmation, on a phone and a desktop', async () => {
      const page = await savedPage();
      const to = 'themes@demo.example';
      const { log, row } = deliveryLog(page);
      await failedNotification(page, to);
      const confirm = log.locator('[part~="confirm"]');
      for (const theme of ['Light', 'Dark', 'Custom']) {
        await page.getByLabel('Theme', { exact: true }).selectOption({ label: theme });
        for (const width of [375, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          const where = `${theme} at ${width} px`;
          expect(await axeViolations(page), `the list, ${where}`).toEqual([]);
          await log.getByRole('button', { name: 'Resend all failed' }).click();
          await confirm.waitFor();
          expect(await axeViolations(page), `"Resend all failed" confirming, ${where}`).toEqual([]);
          await confirm.getByRole('button', { name: 'Cancel' }).click();

          await row(to).getByRole('button', { name: SUBJECT }).click();
          await log.locator('[part~="attempt"]').first().waitFor();
          expect(await axeViolations(page), `a failed message open, ${where}`).toEqual([]);
          await log.getByRole('button', { name: 'Resend', exact: true }).click();
          await confirm.waitFor();
          expect(await axeViolations(page), `Resend confirming, ${where}`).toEqual([]);
          if (width === 375)
            await session.screenshot(page, `25-delivery-log-confirm-${theme.toLowerCase()}-375`);
          await confirm.getByRole('button', { name: 'Cancel' }).click();
          await log.getByRole('button', { name: 'Back to the list' }).click();
          await row(to).waitFor();
        }
      }
      await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'System' });
      await page.close();
    });
  },
);
