import { expect, waitUntil } from '@open-wc/testing';
import { enqueue, resetAdapter } from '../test/adapter-fixture.js';
import { fillBasic, test } from '../test/form-harness.js';
import type { SmtpDeliveryLogElement } from './delivery-log/delivery-log.js';
import type { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

/**
 * Opens `test/standalone/page.html` (the README's snippet: one `<script type="module" src>` of the built
 * `dist/standalone.js`, no import map, served untouched) in an iframe and resolves with its document
 * once both elements are registered there.
 */
async function openStandalonePage(): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.src = '/standalone/page.html';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const page = frame.contentWindow;
  if (!page) throw new Error('The iframe has no window');
  await waitUntil(
    () => page.customElements.get('smtp-settings') && page.customElements.get('smtp-delivery-log'),
    'dist/standalone.js never registered both elements (is the widget built?)',
    { timeout: 5000 },
  );
  return page.document;
}

describe('dist/standalone.js', () => {
  beforeEach(resetAdapter);
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('needs no import map: the page has none, and its own window has no bare specifier to resolve', async () => {
    const response = await fetch('/standalone/standalone.js');
    const code = await response.text();
    expect(response.status).to.equal(200);
    // Only relative or absolute URLs would load without an import map; the file should have no import at all.
    expect(code).not.to.match(
      /\bfrom\s*["'`][^"'`./]|\bimport\s*\(\s*["'`][^"'`./]|\bimport\s*["'`][^"'`./]/,
    );
    const page = await openStandalonePage();
    expect(page.querySelector('script[type="importmap"]')).to.equal(null);
  });

  it('renders the form, which tests against the real adapter', async () => {
    const page = await openStandalonePage();
    const el = page.querySelector('smtp-settings') as SmtpSettingsElement;
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });

    await fillBasic(el);
    const result = await test(el);

    expect(result.ok).to.equal(true);
    expect(el.shadowRoot?.querySelector('[part~="verdict"]')?.textContent).to.contain(
      'The connection works.',
    );
  });

  it('renders the delivery log with the messages the adapter holds', async () => {
    await enqueue([{ to: 'qa-lead@example.com', subject: 'Sent from a page without a build step' }]);
    const page = await openStandalonePage();
    const log = page.querySelector('smtp-delivery-log') as SmtpDeliveryLogElement;

    await waitUntil(
      () => log.shadowRoot?.textContent?.includes('Sent from a page without a build step'),
      'the log never listed the message',
      { timeout: 5000 },
    );
  });
});
