import type { DeliveryDetailResponse, DeliveryView } from '@smtp-settings/schema';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.js';
import { useDemoSession } from './demo-session.js';

/** Makes `POST /demo/notify` answer as it will through the outbox: stored, with the message's id. */
async function answerQueued(page: Page, id: string): Promise<void> {
  await page.route('**/demo/notify', (route) =>
    route.fulfill({ status: 202, json: { id, to: 'admin@demo.example' } }),
  );
}

const view = (changes: Partial<DeliveryView>): DeliveryView => ({
  id: 'dlv-2',
  status: 'queued',
  source: 'outbox',
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  to: ['admin@demo.example'],
  cc: [],
  bcc: [],
  subject: 'Test case TC-42 was updated',
  messageId: '<dlv-2@demo.example>',
  attempts: 0,
  ...changes,
});

describe('the notification panel shows a queued message', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it('with its outbox id alone while the adapter has no delivery log (404)', async () => {
    const page = await session.open();
    await answerQueued(page, 'dlv-1');
    await page.getByRole('button', { name: 'Send a notification' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Notification queued for admin@demo.example' })
      .waitFor();
    const delivery = page.locator('#notify-delivery');
    await delivery.getByText('dlv-1', { exact: true }).waitFor();
    expect(await delivery.innerText()).toBe('Outbox id dlv-1');
    expect(await delivery.getByRole('link').count()).toBe(0);
    expect(await axeViolations(page), 'queued notification').toEqual([]);
    await page.close();
  });

  it('with its status from the delivery log as it goes from retrying to sent, in English and German', async () => {
    const page = await session.open();
    await answerQueued(page, 'dlv-2');
    const answers: DeliveryDetailResponse[] = [
      {
        delivery: view({
          status: 'retrying',
          attempts: 1,
          nextAttemptAt: '2026-03-01T09:00:30.000Z',
          failure: {
            code: 'CONNECTION_REFUSED',
            stage: 'connect',
            message: 'The mail server refused the connection.',
            hint: 'Check the port.',
          },
        }),
        attempts: [],
      },
      { delivery: view({ status: 'sent', attempts: 2, sentAt: '2026-03-01T09:00:31.000Z' }), attempts: [] },
    ];
    let reads = 0;
    await page.route('**/api/smtp/deliveries/dlv-2', (route) =>
      route.fulfill({ json: answers[Math.min(reads++, answers.length - 1)] }),
    );
    await page.getByRole('button', { name: 'Send a notification' }).click();
    const status = page.locator('#notify-status');
    await status
      .filter({
        hasText:
          /^Notification for admin@demo\.example: retrying \(CONNECTION_REFUSED, next attempt at .+\)$/,
      })
      .waitFor();
    const delivery = page.locator('#notify-delivery');
    expect(await delivery.getByRole('link', { name: 'delivery record (JSON)' }).getAttribute('href')).toBe(
      '/api/smtp/deliveries/dlv-2',
    );
    await status.filter({ hasText: /^Notification for admin@demo\.example: sent \(at .+\)$/ }).waitFor();
    await session.screenshot(page, '17-notification-sent-through-the-outbox');

    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    expect(await status.innerText()).toMatch(/^Benachrichtigung an admin@demo\.example: gesendet \(um .+\)$/);
    expect(await delivery.innerText()).toMatch(/^Postausgangs-ID dlv-2 · Zustelldatensatz \(JSON\)$/);
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    // Sent is final: the page stops asking.
    const readsWhenSent = reads;
    await page.waitForTimeout(2_500);
    expect(reads).toBe(readsWhenSent);
    await page.close();
  });
});
