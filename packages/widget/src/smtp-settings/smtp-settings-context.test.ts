import { ContextProvider } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ENDPOINT, resetAdapter } from '../../test/adapter-fixture.js';
import { createClient } from '../api/client.js';
import { smtpSettingsClientContext } from '../context.js';
import type { SmtpSettingsElement } from './smtp-settings.js';

// No static import of define.js: the provider must exist before <smtp-settings> is defined, as on a host page.

/** A client whose fetch adds the host's auth header, counting the requests that carried it and their answers. */
function hostClient(token: string) {
  const answered: Array<{ path: string; status: number }> = [];
  const client = createClient(ENDPOINT, async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Host-Auth', token);
    const response = await fetch(input, { ...init, headers });
    answered.push({ path: new URL(String(input), location.href).pathname, status: response.status });
    return response;
  });
  return { client, answered };
}

async function loaded(el: SmtpSettingsElement) {
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });
}

describe('<smtp-settings> with a client from a context provider', () => {
  beforeEach(resetAdapter);

  it('loads through the provided client, set up before the element is defined, and is accessible', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><smtp-settings></smtp-settings></div>`);
    const first = hostClient('first');
    new ContextProvider(host, { context: smtpSettingsClientContext, initialValue: first.client });
    await import('../define.js');
    const el = host.querySelector('smtp-settings') as SmtpSettingsElement;
    await loaded(el);
    await expect(el).to.be.accessible();

    // The element has no endpoint: the real adapter answered only the requests that carried the header.
    expect(first.answered).to.deep.include.members([
      { path: `${ENDPOINT}/meta`, status: 200 },
      { path: `${ENDPOINT}/settings`, status: 200 },
    ]);
  });

  it('follows a provider that hands out a new client, and prefers it over endpoint', async () => {
    await import('../define.js');
    const first = hostClient('first');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = new ContextProvider(host, {
      context: smtpSettingsClientContext,
      initialValue: first.client,
    });
    const el = document.createElement('smtp-settings');
    el.endpoint = '/nowhere';
    host.append(el);
    await loaded(el);
    // Every request of the element goes through the provided client: the form's and the delivery status's.
    const paths = [`${ENDPOINT}/meta`, `${ENDPOINT}/settings`, `${ENDPOINT}/deliveries/summary`];
    await waitUntil(() => first.answered.length === paths.length, 'the first client did not answer them all');
    expect(first.answered.map(({ path }) => path)).to.have.members(paths);

    const second = hostClient('second');
    provider.setValue(second.client);
    await waitUntil(
      () => second.answered.length === paths.length,
      'the second client did not answer them all',
    );
    expect(second.answered.map(({ path }) => path)).to.have.members(paths);
    expect(first.answered.length).to.equal(paths.length);
  });
});
