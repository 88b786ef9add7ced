import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { DeliverySummaryResponse } from '@smtp-settings/schema';
import {
  basicSettings,
  changeSmtpPassword,
  ENDPOINT,
  enqueue,
  forgetSecretKey,
  resetAdapter,
  testSmtpServer,
} from '../../test/adapter-fixture.js';
import { recordAnnouncements } from '../../test/announcements.js';
import { createClient } from '../api/client.js';
import { getDeliverySummary, putSettings } from '../api/requests.js';
import { runTest } from '../api/run-test.js';
import '../define.js';
import { en } from '../localize/en.js';
import type { SmtpSettingsElement } from '../smtp-settings/smtp-settings.js';

const client = createClient(ENDPOINT);
const MEDIUM_SHORT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

function mail(count: number) {
  return Array.from({ length: count }, (_, n) => ({
    to: 'qa-lead@example.com',
    subject: `TC-${n + 1} was updated`,
  }));
}

// Quick, so a test sees the outbox change within a second or two.
const POLL_MS = 200;

async function mount(): Promise<SmtpSettingsElement> {
  const el = await fixture<SmtpSettingsElement>(
    html`<smtp-settings endpoint=${ENDPOINT} poll-interval=${POLL_MS}></smtp-settings>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });
  return el;
}

function part(el: SmtpSettingsElement, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}

function textOf(el: SmtpSettingsElement, name: string): string {
  return (part(el, name)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Saves Basic settings for the test SMTP server as it is now, through a passing Test, over `version`. */
async function saveWorkingSettings(version = 0) {
  const settings = basicSettings(await testSmtpServer());
  const { receipt } = await runTest(client, { settings });
  return putSettings(client, { settings, version, ...(receipt && { receipt }) });
}

/** Counts the element's requests for the delivery summary until `stop`. */
function countSummaryRequests(): { count: () => number; stop: () => void } {
  const original = window.fetch;
  let count = 0;
  window.fetch = (input, init) => {
    if (String(input).endsWith('/deliveries/summary')) count += 1;
    return original(input, init);
  };
  return { count: () => count, stop: () => (window.fetch = original) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the adapter's own summary says `done`. */
async function summaryWhere(done: (summary: DeliverySummaryResponse) => boolean, message: string) {
  let summary: DeliverySummaryResponse | undefined;
  await waitUntil(
    async () => {
      summary = await getDeliverySummary(client);
      return done(summary);
    },
    message,
    { timeout: 5000, interval: 100 },
  );
  if (!summary) throw new Error(message);
  return summary;
}

describe('<smtp-settings> delivery status', () => {
  beforeEach(resetAdapter);

  it('shows when mail was last sent, failures in 24 hours and the held count, and is accessible', async () => {
    await saveWorkingSettings();
    await enqueue(mail(2));
    const summary = await summaryWhere((s) => s.counts.sent === 2, 'the outbox never sent the mail');
    const el = await mount();
    await waitUntil(() => part(el, 'delivery-status'), 'the status line never showed');
    const sentAt = new Intl.DateTimeFormat(undefined, MEDIUM_SHORT).format(
      new Date(summary.lastSuccessAt ?? ''),
    );
    expect(textOf(el, 'delivery-status')).to.equal(
      `Mail delivery: last sent ${sentAt} · 0 failed in the last 24 hours · 0 held`,
    );
    expect(textOf(el, 'held-banner')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('says why mail is held and that Save sends it; a Save with the right password ends the hold', async () => {
    await saveWorkingSettings();
    // The mailbox's password changed after the settings were saved: the outbox holds the mail.
    await changeSmtpPassword('rotated-password');
    await enqueue(mail(3));
    const { held } = await summaryWhere((s) => s.held?.waiting === 3, 'the outbox never held the mail');
    expect(held?.failure.code).to.equal('AUTH_FAILED');
    const el = await mount();
    await waitUntil(() => textOf(el, 'held-banner') !== '', 'the held banner never showed');

    const since = new Intl.DateTimeFormat(undefined, MEDIUM_SHORT).format(new Date(held?.since ?? ''));
    expect(textOf(el, 'held-banner')).to.equal(
      `3 messages are waiting since ${since}: the server refused the user name or password. Fix the settings and Save to send them.`,
    );
    // Present on arrival, not caused by the admin's last action: said politely, not alerted.
    expect(part(el, 'held-banner')?.getAttribute('role')).to.equal(null);
    expect(
      el.shadowRoot?.querySelector('smtp-settings-delivery-status [role="status"]')?.textContent,
    ).to.equal(textOf(el, 'held-banner'));
    expect(textOf(el, 'delivery-status')).to.equal(
      'Mail delivery: nothing sent yet · 0 failed in the last 24 hours · 3 held',
    );
    await expect(el).to.be.accessible();

    // The reason comes from the failure's code through `strings`, not from the server's English.
    el.strings = { failureReasons: { ...en.failureReasons, AUTH_FAILED: 'das Passwort stimmt nicht' } };
    await el.updateComplete;
    expect(textOf(el, 'held-banner')).to.contain(`since ${since}: das Passwort stimmt nicht.`);
    el.strings = {};

    const password = el.shadowRoot?.querySelector<HTMLInputElement>('input[name="password"]');
    if (!password) throw new Error('No password field');
    password.value = 'rotated-password';
    password.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    const tested = oneEvent(el, 'smtp-settings-test');
    part(el, 'test-button')?.click();
    expect((await tested).detail.ok).to.equal(true);
    await el.updateComplete;
    const saved = oneEvent(el, 'smtp-settings-save');
    part(el, 'save-button')?.click();
    await saved;

    // The save ends the hold at once; the mail it released shows as sent a few seconds later.
    await waitUntil(() => textOf(el, 'held-banner') === '', 'the held banner stayed after Save', {
      timeout: 2000,
    });
    await waitUntil(
      () => textOf(el, 'delivery-status').includes('last sent'),
      'the status line never showed the released mail as sent',
      { timeout: 6000, interval: 100 },
    );
    expect(textOf(el, 'delivery-status')).to.match(/· 0 failed in the last 24 hours · 0 held$/);
    expect((await testSmtpServer()).messages).to.equal(3);
    await expect(el).to.be.accessible();
  });

  it('says the outbox could not decrypt the saved password, not that nothing is saved, in the language of strings', async () => {
    await saveWorkingSettings();
    // A host that lost its key: the saved password is sealed with one the adapter no longer has.
    await forgetSecretKey();
    await enqueue(mail(2));
    const { held } = await summaryWhere((s) => s.held?.waiting === 2, 'the outbox never held the mail');
    expect(held?.failure).to.deep.include({
      code: 'NOT_CONFIGURED',
      messageKey: 'failure.secretUnreadable',
      params: { field: 'password' },
    });
    const el = await mount();
    await waitUntil(() => textOf(el, 'held-banner') !== '', 'the held banner never showed');
    const since = new Intl.DateTimeFormat(undefined, MEDIUM_SHORT).format(new Date(held?.since ?? ''));
    expect(textOf(el, 'held-banner')).to.equal(
      `2 messages are waiting since ${since}: The saved password cannot be decrypted with the keys this server has. Fix the settings and Save to send them.`,
    );
    expect(textOf(el, 'held-banner')).not.to.include(en.failureReasons.NOT_CONFIGURED);

    el.strings = {
      heldBanner: (count, when, reason) =>
        `${count} Nachrichten warten seit ${when}: ${reason}. Korrigieren Sie die Einstellungen und speichern Sie, um sie zu senden.`,
      serverTexts: {
        'failure.secretUnreadable':
          'Der gespeicherte Wert von {field} lässt sich mit den Schlüsseln dieses Servers nicht entschlüsseln.',
      },
    };
    await el.updateComplete;
    expect(textOf(el, 'held-banner')).to.equal(
      `2 Nachrichten warten seit ${since}: Der gespeicherte Wert von password lässt sich mit den Schlüsseln dieses Servers nicht entschlüsseln. Korrigieren Sie die Einstellungen und speichern Sie, um sie zu senden.`,
    );
    await expect(el).to.be.accessible();
  });

  it('follows the outbox while the form is open: a hold shows and ends without a reload, each said once', async () => {
    const { version } = await saveWorkingSettings();
    const el = await mount();
    await waitUntil(() => part(el, 'delivery-status'), 'the status line never showed');
    expect(textOf(el, 'held-banner')).to.equal('');
    const said = recordAnnouncements(el.shadowRoot as ShadowRoot);
    try {
      // The mailbox's password changed after the form loaded: the outbox holds the next message.
      await changeSmtpPassword('rotated-password');
      await enqueue(mail(1));
      await waitUntil(() => textOf(el, 'held-banner').startsWith('1 message is waiting'), 'no banner', {
        timeout: 5000,
      });
      const held = textOf(el, 'held-banner');
      expect(textOf(el, 'delivery-status')).to.match(/· 1 held$/);
      // More mail waits: the banner counts it, and the status region does not say it all again.
      await enqueue(mail(2));
      await waitUntil(() => textOf(el, 'held-banner').startsWith('3 messages are waiting'), 'no count', {
        timeout: 5000,
      });
      await expect(el).to.be.accessible();

      // Someone saves the new password elsewhere (another tab, another admin): the hold ends.
      await saveWorkingSettings(version);
      await waitUntil(() => textOf(el, 'held-banner') === '', 'the banner stayed after the hold ended', {
        timeout: 5000,
      });
      expect(said.list).to.deep.equal([
        { via: 'live', text: held },
        { via: 'live', text: 'Mail is no longer held: the waiting messages go out now.' },
      ]);
      await waitUntil(
        () => textOf(el, 'delivery-status').includes('last sent'),
        'the mail never showed sent',
        {
          timeout: 5000,
        },
      );
      expect(said.list).to.have.length(2);
      await expect(el).to.be.accessible();
    } finally {
      said.stop();
    }
  });

  it('looks for changes only while the page is visible and the form connected', async () => {
    const el = await mount();
    await waitUntil(() => part(el, 'delivery-status'), 'the status line never showed');
    const requests = countSummaryRequests();
    const hidden = (value: boolean) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (value ? 'hidden' : 'visible'),
      });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      await waitUntil(() => requests.count() > 0, 'the form never looked again', { timeout: 5000 });
      hidden(true);
      const whileHidden = requests.count();
      await pause(POLL_MS * 5);
      expect(requests.count()).to.equal(whileHidden);
      // Back in view it looks at once, not after a stretched wait.
      hidden(false);
      expect(requests.count()).to.equal(whileHidden + 1);

      el.remove();
      const detached = requests.count();
      await pause(POLL_MS * 5);
      expect(requests.count()).to.equal(detached);
    } finally {
      requests.stop();
      // The document's own properties come back from its prototype.
      Reflect.deleteProperty(document, 'hidden');
      Reflect.deleteProperty(document, 'visibilityState');
    }
  });

  it('shows nothing, and no error, when the adapter keeps no delivery log', async () => {
    const original = window.fetch;
    let asked = 0;
    // What createSmtpSettings answers over a store without a delivery log (postgresStore).
    window.fetch = async (input, init) => {
      if (!String(input).endsWith('/deliveries/summary')) return original(input, init);
      asked += 1;
      return Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 });
    };
    let errors = 0;
    const countError = () => (errors += 1);
    document.addEventListener('smtp-settings-error', countError);
    try {
      const el = await mount();
      await waitUntil(() => asked > 0, 'the element never asked for the summary');
      await el.updateComplete;
      // A route that is not there will not be: the element does not ask again.
      await pause(POLL_MS * 5);
      expect(part(el, 'delivery-status')).to.equal(null);
      expect(part(el, 'held-banner')).to.equal(null);
      expect(textOf(el, 'alert')).to.equal('');
      expect(errors).to.equal(0);
      expect(asked).to.equal(1);
    } finally {
      window.fetch = original;
      document.removeEventListener('smtp-settings-error', countError);
    }
  });
});
