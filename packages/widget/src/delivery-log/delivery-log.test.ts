import { ContextProvider } from '@lit/context';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { DeliveryView } from '@smtp-settings/schema';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  ENDPOINT,
  enqueue,
  refuseRecipients,
  resetAdapter,
  testSmtpServer,
} from '../../test/adapter-fixture.js';
import { button, mount, open, rows, saveSettings, settled, shadow, text } from '../../test/log-harness.js';
import { createClient } from '../api/client.js';
import { smtpSettingsClientContext } from '../context.js';
import '../delivery-log.js';
import type { SmtpDeliveryLogElement } from './delivery-log.js';

function hasButton(el: SmtpDeliveryLogElement, name: string): boolean {
  return [...shadow(el).querySelectorAll('button')].some((b) => b.textContent?.trim() === name);
}

const subjects = (el: SmtpDeliveryLogElement) => rows(el).map((row) => row[2]);

/** The focused element inside the shadow root. */
function focused(el: SmtpDeliveryLogElement): HTMLElement | null {
  return shadow(el).activeElement as HTMLElement | null;
}

/** Three messages that the server refused for good. */
async function failedMessages(): Promise<string[]> {
  await saveSettings();
  await refuseRecipients('550 5.1.1 User unknown');
  const ids = await enqueue([
    { to: 'first@example.com', subject: 'First failure' },
    { to: 'second@example.com', subject: 'Second failure' },
    { to: 'third@example.com', subject: 'Third failure' },
  ]);
  await settled(ids, 'failed');
  await refuseRecipients(null);
  return ids;
}

describe('<smtp-delivery-log>', () => {
  beforeEach(resetAdapter);

  it('lists messages newest first with time, recipients, subject and status, and is accessible', async () => {
    await saveSettings();
    const ids = await enqueue([
      { to: 'qa-lead@example.com', subject: 'TC-41 was updated' },
      { to: 'dana@example.com', subject: 'TC-42 was updated' },
    ]);
    await settled(ids, 'sent');
    const el = await mount();

    expect(subjects(el)).to.deep.equal(['TC-42 was updated', 'TC-41 was updated']);
    const [newest] = rows(el);
    expect(newest?.[1]).to.equal('dana@example.com');
    expect(newest?.[3]).to.equal('Sent');
    // The time is the handover's, in the page's format, with the machine-readable one beside it.
    const time = shadow(el).querySelector('tbody time');
    expect(new Date(time?.getAttribute('datetime') ?? '').getTime()).to.be.closeTo(Date.now(), 60_000);
    expect(time?.textContent).to.not.equal('');
    await expect(el).to.be.accessible();
  });

  it('shows held messages with the reason, and says so when nothing was sent yet', async () => {
    const el = await mount();
    expect(text(el)).to.include('No mail was sent yet.');
    await expect(el).to.be.accessible();

    // Nothing is saved: the outbox holds the tenant's mail until an admin saves settings.
    const [id] = await enqueue([{ to: 'qa-lead@example.com', subject: 'Waiting for settings' }]);
    await settled([id as string], 'held');
    // A poll under way as the message came may show it queued first: the next shows it held.
    await waitUntil(() => rows(el)[0]?.[3]?.startsWith('Held: '), 'the live update never showed it held', {
      timeout: 5000,
    });
    expect(rows(el)).to.have.length(1);
    expect(rows(el)[0]?.[3]).to.match(/^Held: .+/);
    await expect(el).to.be.accessible();
  });

  it('shows a retry with its next attempt time, then the delivery, live', async () => {
    await saveSettings();
    await refuseRecipients('451 4.3.0 Try again later');
    const el = await mount();
    await enqueue([{ to: 'qa-lead@example.com', subject: 'Through an outage' }]);

    await waitUntil(() => rows(el)[0]?.[3]?.startsWith('Retrying at '), 'the retry never showed', {
      timeout: 5000,
    });
    await expect(el).to.be.accessible();
    await refuseRecipients(null);
    // The outbox tries again after 1 s; the log, polling, shows the delivery without a reload.
    await waitUntil(() => rows(el)[0]?.[3] === 'Sent', 'the delivery never showed', { timeout: 8000 });
    expect((await testSmtpServer()).messages).to.equal(1);
  });

  it('filters by status and by recipient, and says when nothing matches', async () => {
    await failedMessages();
    const [sent] = await enqueue([{ to: 'dana@example.com', subject: 'Delivered' }]);
    await settled([sent as string], 'sent');
    const el = await mount();
    expect(subjects(el)).to.have.length(4);

    const status = shadow(el).querySelector<HTMLSelectElement>('#status');
    if (!status) throw new Error('No status filter');
    status.value = 'failed';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => subjects(el).length === 3, 'the status filter never applied', { timeout: 5000 });
    expect(subjects(el)).to.deep.equal(['Third failure', 'Second failure', 'First failure']);

    status.value = '';
    const recipient = shadow(el).querySelector<HTMLInputElement>('#recipient');
    if (!recipient) throw new Error('No recipient filter');
    recipient.value = 'DANA@example.com';
    button(el, 'Filter').click();
    await waitUntil(() => subjects(el).length === 1, 'the recipient filter never applied', { timeout: 5000 });
    expect(subjects(el)).to.deep.equal(['Delivered']);

    recipient.value = 'nobody@example.com';
    button(el, 'Filter').click();
    await waitUntil(() => text(el).includes('No message matches these filters.'), 'no empty state', {
      timeout: 5000,
    });
    await expect(el).to.be.accessible();

    // The server's field error lands on the recipient filter, not in a generic alert.
    recipient.value = 'two words';
    button(el, 'Filter').click();
    await waitUntil(() => recipient.getAttribute('aria-invalid') === 'true', 'no field error', {
      timeout: 5000,
    });
    expect(shadow(el).getElementById('recipient-error')?.textContent).to.include('one email address');
    await expect(el).to.be.accessible();
  });

  it('pages with Load more, and focus goes on to the first message it loaded', async () => {
    await enqueue([1, 2, 3, 4, 5].map((n) => ({ to: `user${n}@example.com`, subject: `Message ${n}` })));
    const el = await mount({ pageSize: 2 });
    expect(subjects(el)).to.deep.equal(['Message 5', 'Message 4']);

    button(el, 'Load more').click();
    await waitUntil(() => subjects(el).length === 4, 'the second page never came', { timeout: 5000 });
    expect(focused(el)?.textContent?.trim()).to.equal('Message 3');
    button(el, 'Load more').click();
    await waitUntil(() => subjects(el).length === 5, 'the last page never came', { timeout: 5000 });
    expect(subjects(el)).to.deep.equal(['Message 5', 'Message 4', 'Message 3', 'Message 2', 'Message 1']);
    expect(hasButton(el, 'Load more')).to.equal(false);
    expect(focused(el)?.textContent?.trim()).to.equal('Message 1');
  });

  it('opens a failed message: each attempt with its stage, code, server reply and hint, as Test says them', async () => {
    await failedMessages();
    const el = await mount();
    await open(el, 'First failure');

    const attempt = shadow(el).querySelector('[part~="attempt"]');
    const said = (attempt?.textContent ?? '').replace(/\s+/g, ' ');
    expect(said).to.include('Attempt 1');
    expect(said).to.include('Failed at Sender and recipient.');
    expect(attempt?.querySelector('[part~="error-code"]')?.textContent).to.equal('RECIPIENT_REJECTED');
    expect(attempt?.querySelector('[part~="server-reply"]')?.textContent).to.match(
      /^550 5\.1\.1 User unknown/,
    );
    expect(said).to.match(/What to do: \S+/);
    expect(text(el)).to.include('first@example.com');
    expect(focused(el)?.textContent?.trim()).to.equal('Back to the list');
    await expect(el).to.be.accessible();
  });

  it('resends a failed message after an in-page confirmation, announces it, and the message goes out', async () => {
    const [, , third] = await failedMessages();
    const el = await mount();
    await open(el, 'Third failure');

    button(el, 'Resend').click();
    await el.updateComplete;
    expect(text(el)).to.include('Send this message again?');
    expect(focused(el)?.getAttribute('part')).to.include('confirm-button');
    await expect(el).to.be.accessible();
    // Cancel puts focus back on the button that asked, and nothing was sent.
    button(el, 'Cancel').click();
    await el.updateComplete;
    expect(focused(el)?.textContent?.trim()).to.equal('Resend');

    button(el, 'Resend').click();
    await el.updateComplete;
    const resent = oneEvent(el, 'smtp-delivery-resend');
    focused(el)?.click();
    const { detail } = await resent;
    expect(detail.deliveries.map((delivery: DeliveryView) => delivery.id)).to.deep.equal([third]);
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="status"]')?.textContent).to.equal(
      'The message is queued to be sent again.',
    );
    await waitUntil(
      () => shadow(el).querySelectorAll('[part~="attempt"]').length === 2 && text(el).includes('Sent'),
      'the resent message never went out',
      { timeout: 8000 },
    );
    expect((await testSmtpServer()).messages).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('discards a held message after an in-page confirmation, and announces it', async () => {
    const [id] = await enqueue([{ to: 'qa-lead@example.com', subject: 'Not wanted' }]);
    await settled([id as string], 'held');
    const el = await mount();
    await open(el, 'Not wanted');
    expect(hasButton(el, 'Resend')).to.equal(false);

    button(el, 'Discard').click();
    await el.updateComplete;
    expect(text(el)).to.include('Discard this message? It will not be sent.');
    const discarded = oneEvent(el, 'smtp-delivery-discard');
    focused(el)?.click();
    expect((await discarded).detail.delivery.status).to.equal('discarded');
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="status"]')?.textContent).to.equal('The message was discarded.');
    expect(shadow(el).querySelector('[part~="facts"] [part~="delivery-status"]')?.textContent).to.equal(
      'Discarded',
    );
    // A discarded message can be resent, and no longer discarded.
    expect(hasButton(el, 'Resend')).to.equal(true);
    expect(hasButton(el, 'Discard')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('resends all failed messages after confirming how many, and announces it', async () => {
    const el = await mount();
    button(el, 'Resend all failed').click();
    await waitUntil(
      () => shadow(el).querySelector('[role="status"]')?.textContent === 'No message has failed.',
      'never said that none failed',
      { timeout: 5000 },
    );

    const ids = await failedMessages();
    button(el, 'Resend all failed').click();
    await waitUntil(() => text(el).includes('Send the 3 failed messages again?'), 'never asked', {
      timeout: 5000,
    });
    await expect(el).to.be.accessible();
    const resent = oneEvent(el, 'smtp-delivery-resend');
    focused(el)?.click();
    expect(
      (await resent).detail.deliveries.map((delivery: DeliveryView) => delivery.id).sort(),
    ).to.deep.equal([...ids].sort());
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="status"]')?.textContent).to.equal(
      '3 messages are queued to be sent again.',
    );
    await settled(ids, 'sent');
    await waitUntil(() => rows(el).every((row) => row[3] === 'Sent'), 'the list never caught up', {
      timeout: 8000,
    });
  });

  it('walks by keyboard: Tab to a message, Enter opens it, Escape cancels a confirmation and goes back', async () => {
    await failedMessages();
    const el = await mount();
    shadow(el).querySelector<HTMLSelectElement>('#status')?.focus();
    // Status, recipient, Filter, Resend all failed, then the newest message.
    for (let tab = 0; tab < 4; tab += 1) await sendKeys({ press: 'Tab' });
    expect(focused(el)?.textContent?.trim()).to.equal('Third failure');

    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => focused(el)?.textContent?.trim() === 'Back to the list',
      'focus never reached Back',
      {
        timeout: 5000,
      },
    );
    // Back, then Resend, once the message's actions are there: the detail may still be loading.
    await waitUntil(
      () =>
        [...shadow(el).querySelectorAll('button')].some((button) => button.textContent?.trim() === 'Resend'),
      'Resend never showed',
    );
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.textContent?.trim()).to.equal('Resend');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(focused(el)?.getAttribute('part')).to.include('confirm-button');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(text(el)).to.not.include('Send this message again?');
    expect(focused(el)?.textContent?.trim()).to.equal('Resend');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused(el)?.textContent?.trim() === 'Third failure', 'focus never came back', {
      timeout: 5000,
    });
    expect(shadow(el).querySelector('[part~="detail"]')).to.equal(null);
  });

  it('shows each message as a card on a phone-wide screen, still a table, walked by keyboard the same way', async () => {
    await failedMessages();
    await setViewport({ width: 375, height: 800 });
    try {
      const el = await mount();
      const row = shadow(el).querySelector('tbody tr');
      const cells = [...(row?.querySelectorAll('td') ?? [])];
      // Time, recipients, subject and status one under another, each with its column's name beside it.
      const tops = cells.map((cell) => cell.getBoundingClientRect().top);
      expect(tops.every((top, index) => index === 0 || top > (tops[index - 1] ?? 0))).to.equal(true);
      // Chromium gives the computed label, Firefox the attr() it is computed from.
      const label = (cell: HTMLElement) =>
        getComputedStyle(cell, '::before').content.replace(
          'attr(data-label)',
          JSON.stringify(cell.dataset.label),
        );
      expect(cells.map(label)).to.deep.equal(
        ['Time', 'Recipients', 'Subject', 'Status'].map((name) => `"${name}" / ""`),
      );
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      // The names are shown, not read: the cells' text is their content alone.
      expect(rows(el)[0]?.slice(1)).to.deep.equal(['third@example.com', 'Third failure', 'Failed']);
      await expect(el).to.be.accessible();

      shadow(el).querySelector<HTMLSelectElement>('#status')?.focus();
      for (let tab = 0; tab < 4; tab += 1) await sendKeys({ press: 'Tab' });
      expect(focused(el)?.textContent?.trim()).to.equal('Third failure');
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.textContent?.trim()).to.equal('Second failure');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('loads through a client from a context provider', async () => {
    const requests: string[] = [];
    const provided = createClient(ENDPOINT, (input, init) => {
      requests.push(new URL(String(input), location.href).pathname);
      return fetch(input, init);
    });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(host, { context: smtpSettingsClientContext, initialValue: provided });
    const el = document.createElement('smtp-delivery-log');
    host.append(el);
    await waitUntil(() => text(el).includes('No mail was sent yet.'), 'the log never loaded', {
      timeout: 5000,
    });
    expect(requests).to.include(`${ENDPOINT}/deliveries`);
  });
});
