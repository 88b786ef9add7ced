import { expect, waitUntil } from '@open-wc/testing';
import { ENDPOINT, GOOGLE_OAUTH_FIELDS, OAUTH_ACCOUNT, resetAdapter } from '../../test/adapter-fixture.js';
import { field } from '../../test/form-harness.js';
import { createClient } from '../api/client.js';
import { putSettings } from '../api/requests.js';
import { runTest } from '../api/run-test.js';
import '../define.js';
import type { SmtpSettingsElement } from '../smtp-settings/smtp-settings.js';

// Alone in its file: a page loads the OAuth fields' code once, and this test needs a page that has not.
describe('<smtp-settings> with saved OAuth settings', () => {
  before(resetAdapter);

  it('shows the OAuth fields with the form, never a placeholder for them', async () => {
    expect(customElements.get('smtp-settings-oauth'), 'the OAuth fields loaded before the form').to.equal(
      undefined,
    );
    const client = createClient(ENDPOINT);
    const settings = {
      authType: 'oauth' as const,
      provider: 'google' as const,
      ...GOOGLE_OAUTH_FIELDS,
      refreshToken: 'a-token-pasted-by-hand',
      fromEmail: OAUTH_ACCOUNT,
    };
    const { receipt } = await runTest(client, { settings });
    await putSettings(client, { settings, version: 0, ...(receipt && { receipt }) });

    const el = document.createElement('smtp-settings') as SmtpSettingsElement;
    el.endpoint = ENDPOINT;
    document.body.append(el);
    // Every form rendered, and whether the OAuth fields were in it or a placeholder in their place.
    const forms: Array<{ oauth: boolean; placeholder: boolean }> = [];
    const observer = new MutationObserver(() => {
      const form = el.shadowRoot?.querySelector('form');
      if (form && forms.length === 0) {
        forms.push({
          oauth: form.querySelector('smtp-settings-oauth') !== null,
          placeholder: [...form.querySelectorAll('p')].some((p) => p.textContent === 'Loading…'),
        });
      }
    });
    observer.observe(el.shadowRoot as ShadowRoot, { childList: true, subtree: true });
    try {
      await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });
      await el.updateComplete;
      expect(forms).to.deep.equal([{ oauth: true, placeholder: false }]);
      expect(field(el, 'Client ID').value).to.equal(GOOGLE_OAUTH_FIELDS.clientId);
    } finally {
      observer.disconnect();
      el.remove();
    }
  });
});
