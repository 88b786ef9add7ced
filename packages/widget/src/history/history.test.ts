import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { AuditResponse } from '@smtp-settings/schema';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { basicSettings, ENDPOINT, resetAdapter, testSmtpServer } from '../../test/adapter-fixture.js';
import { createClient } from '../api/client.js';
import { putSettings } from '../api/requests.js';
import { runTest } from '../api/run-test.js';
import '../define.js';
import type { SmtpSettingsElement } from '../smtp-settings/smtp-settings.js';

const client = createClient(ENDPOINT);

async function mount(locale?: string): Promise<SmtpSettingsElement> {
  const el = await fixture<SmtpSettingsElement>(
    html`<smtp-settings endpoint=${ENDPOINT} locale=${ifDefined(locale)}></smtp-settings>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });
  return el;
}

function part<T extends HTMLElement = HTMLElement>(el: SmtpSettingsElement, name: string): T {
  const found = el.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`No part "${name}"`);
  return found;
}

function entries(el: SmtpSettingsElement): string[] {
  return [...(el.shadowRoot?.querySelectorAll('[part~="history-list"] li') ?? [])].map((li) =>
    (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

/** What the adapter's audit trail holds now, newest first. */
async function audit(): Promise<AuditResponse['entries']> {
  return (await (await fetch(`${ENDPOINT}/settings/audit`)).json()).entries;
}

function formatted(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

describe('<smtp-settings> history', () => {
  beforeEach(resetAdapter);

  it('says who saved last, and History lists saves and Tests, opened and closed with the keyboard', async () => {
    const smtp = await testSmtpServer();
    const settings = basicSettings(smtp);
    const { receipt } = await runTest(client, { settings });
    const saved = await putSettings(client, { settings, version: 0, ...(receipt && { receipt }) });
    await runTest(client, { settings: basicSettings(smtp, { password: 'wrong-password' }) });

    const el = await mount();
    expect(part(el, 'last-saved').textContent).to.equal(
      `Last saved by admin at ${formatted(saved.updatedAt ?? '')}`,
    );
    expect(entries(el)).to.deep.equal([]);

    // From Save, Tab reaches the History toggle; Enter opens it.
    part(el, 'save-button').focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement).to.equal(part(el, 'history-summary'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => entries(el).length === 3, 'History never listed the audit trail');
    const [failedTest, save, passedTest] = await audit();
    const server = `${smtp.host}:${smtp.port}`;
    expect(entries(el)).to.deep.equal([
      `${formatted(failedTest?.at ?? '')} · admin · Tested ${server}: the server refused the user name or password`,
      `${formatted(save?.at ?? '')} · admin · Saved: Authentication Type, SMTP Server, SMTP Port, Connection Security, SMTP User Name, From Email, From Name, SMTP Password`,
      `${formatted(passedTest?.at ?? '')} · admin · Tested ${server}: passed`,
    ]);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(part<HTMLDetailsElement>(el, 'history').open).to.equal(false);
  });

  it('reads the trail again after a save while open, and shows every date in the element’s locale', async () => {
    const el = await mount('de-DE');
    expect(el.shadowRoot?.querySelector('[part~="last-saved"]')).to.equal(null);
    part(el, 'history-summary').click();
    await waitUntil(
      () => el.shadowRoot?.textContent?.includes('Nothing recorded yet'),
      'History never loaded',
    );

    const smtp = await testSmtpServer();
    const values: Record<string, string> = {
      host: smtp.host,
      port: String(smtp.port),
      security: 'none',
      username: smtp.user,
      password: smtp.password,
      fromEmail: 'notifications@example.com',
    };
    for (const [name, value] of Object.entries(values)) {
      const input = part(el, 'form').querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
      if (!input) throw new Error(`No field ${name}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    }
    const tested = oneEvent(el, 'smtp-settings-test');
    part(el, 'test-button').click();
    await tested;
    await el.updateComplete;
    const saved = oneEvent(el, 'smtp-settings-save');
    part(el, 'save-button').click();
    const { detail } = await saved;

    await waitUntil(() => entries(el).length === 2, 'History did not show the save');
    const [save, test] = await audit();
    expect(entries(el)[0]).to.match(new RegExp(`^${formatted(save?.at ?? '', 'de-DE')} · admin · Saved: `));
    expect(entries(el)[1]).to.contain(formatted(test?.at ?? '', 'de-DE'));
    expect(part(el, 'last-saved').textContent).to.equal(
      `Last saved by admin at ${formatted(detail.updatedAt ?? '', 'de-DE')}`,
    );
    await expect(el).to.be.accessible();
  });
});
