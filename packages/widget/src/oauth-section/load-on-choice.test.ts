import { expect } from '@open-wc/testing';
import { resetAdapter } from '../../test/adapter-fixture.js';
import { field, hasField, mount, shadow, text } from '../../test/form-harness.js';
import '../define.js';

// Alone in its file: a page loads the OAuth fields' code once, and this test needs a page that has not.
describe('<smtp-settings> choosing OAuth', () => {
  before(resetAdapter);

  it('loads the OAuth fields then, says "Loading…" in their place until they are in, and updateComplete waits for them', async () => {
    expect(
      customElements.get('smtp-settings-oauth'),
      'the OAuth fields loaded before OAuth was chosen',
    ).to.equal(undefined);
    const el = await mount();
    expect(customElements.get('smtp-settings-oauth'), 'a Basic form loaded the OAuth fields').to.equal(
      undefined,
    );
    const placeholders: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const node of records.flatMap((record) => [...record.addedNodes])) {
        if (node instanceof HTMLParagraphElement) placeholders.push(node.textContent ?? '');
      }
    });
    observer.observe(shadow(el), { childList: true, subtree: true });

    field(el, 'OAuth Authentication').click();
    await el.updateComplete;
    observer.disconnect();

    expect(placeholders).to.include('Loading…');
    expect(hasField(el, 'Client ID')).to.equal(true);
    expect(hasField(el, 'Refresh Token')).to.equal(true);
    expect(text(el)).not.to.contain('Loading…');
  });
});
