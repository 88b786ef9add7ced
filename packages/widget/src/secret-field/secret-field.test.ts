import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  basicSettings,
  ENDPOINT,
  forgetSecretKey,
  resetAdapter,
  testSmtpServer,
} from '../../test/adapter-fixture.js';
import {
  button,
  chooseOAuth,
  errorOf,
  field,
  hintOf,
  mount,
  shadow,
  test,
  type,
} from '../../test/form-harness.js';
import { createClient } from '../api/client.js';
import { putSettings } from '../api/requests.js';
import { runTest } from '../api/run-test.js';
import '../define.js';
import type { SmtpSettingsElement } from '../smtp-settings/smtp-settings.js';

function hasButton(el: SmtpSettingsElement, name: string): boolean {
  return [...shadow(el).querySelectorAll('button')].some((b) => b.getAttribute('aria-label') === name);
}

async function saveBasic() {
  const client = createClient(ENDPOINT);
  const settings = basicSettings(await testSmtpServer());
  const { receipt } = await runTest(client, { settings });
  await putSettings(client, { settings, version: 0, ...(receipt && { receipt }) });
}

describe('<smtp-settings-secret>', () => {
  beforeEach(resetAdapter);

  it('offers Show only once something is typed, never for an empty or a saved secret', async () => {
    await saveBasic();
    const el = await mount();
    expect(hintOf(el, 'SMTP Password')).to.equal('Saved — type to replace');
    expect(hasButton(el, 'Show SMTP Password')).to.equal(false);
    field(el, 'SMTP Password').focus();
    await sendKeys({ type: 'new-secret' });
    await el.updateComplete;
    button(el, 'Show SMTP Password').click();
    await el.updateComplete;
    expect(field(el, 'SMTP Password').type).to.equal('text');

    await chooseOAuth(el, 'Google');
    for (const label of ['Client Secret', 'Refresh Token']) {
      expect(hasButton(el, `Show ${label}`), label).to.equal(false);
    }
    await expect(el).to.be.accessible();
  });

  it('says that Get Refresh Token fills the Refresh Token and pasting one is optional', async () => {
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    expect(hintOf(el, 'Refresh Token')).to.equal(
      'Get Refresh Token fills this in. Pasting a token is optional, for one you already have.',
    );
    await type(el, 'Refresh Token', 'a-token-pasted-by-hand');
    expect(hintOf(el, 'Refresh Token')).to.equal('');
  });

  it('asks again for a saved secret the adapter can no longer decrypt, instead of calling it saved', async () => {
    await saveBasic();
    await forgetSecretKey();
    const el = await mount();
    await type(el, 'From Name', 'Billing');
    button(el, 'Test').click();
    const asked = 'The saved value can no longer be decrypted. Enter it again.';
    await waitUntil(() => errorOf(el, 'SMTP Password') === asked, 'the password was not asked for');
    expect(hintOf(el, 'SMTP Password')).to.equal('');
    // It stays asked for through other edits and the next Test, which goes nowhere until a value is typed.
    await type(el, 'From Name', 'Billing team');
    button(el, 'Test').click();
    await el.updateComplete;
    expect(errorOf(el, 'SMTP Password')).to.equal(asked);
    expect(shadow(el).activeElement).to.equal(field(el, 'SMTP Password'));
    await expect(el).to.be.accessible();

    const { password } = await testSmtpServer();
    await type(el, 'SMTP Password', password);
    expect(errorOf(el, 'SMTP Password')).to.equal('');
    expect((await test(el)).ok).to.equal(true);
  });
});
