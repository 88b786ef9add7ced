import { expect, waitUntil } from '@open-wc/testing';
import type * as VueCompiler from '@vue/compiler-dom';
import type * as Vue from 'vue';
import { resetAdapter } from '../test/adapter-fixture.js';
import './define.js';
import type { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';
import { isCustomElement } from './vue.js';

// Vue's runtime and its template compiler as browser builds, apart: the full build would treat every
// registered tag as a custom element by itself, which an SFC compiled ahead of time (@vitejs/plugin-vue) does not.
const Runtime = (await import('vue/dist/vue.runtime.esm-browser.js' as string)) as typeof Vue;
const { compile } = (await import(
  '@vue/compiler-dom/dist/compiler-dom.esm-browser.js' as string
)) as typeof VueCompiler;

/** Compiles `template` as a build would, with `options`, into a render function over {@link Runtime}. */
function renderFunction(template: string, options: VueCompiler.CompilerOptions): Vue.RenderFunction {
  const { code } = compile(template, { ...options, mode: 'function' });
  const render = new Function('Vue', code)(Runtime);
  // As Vue's own in-page compiler marks it: its `with (_ctx)` code needs the instance proxy's `has` trap.
  render._rc = true;
  return render;
}

describe('isCustomElement in a Vue template', () => {
  beforeEach(resetAdapter);

  it('leaves the tag to the browser, sets strings as a property and hears @smtp-settings-load', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const loaded = Runtime.ref(0);
    const template = `<smtp-settings endpoint="/api/smtp" :strings="strings" @smtp-settings-load="loaded++" />`;
    const app = Runtime.createApp({
      setup: () => ({ strings: { save: 'Speichern' }, loaded }),
      render: renderFunction(template, { isCustomElement }),
    });
    const warnings: string[] = [];
    app.config.warnHandler = (message) => warnings.push(message);
    app.mount(host);

    const el = host.querySelector('smtp-settings') as SmtpSettingsElement;
    await waitUntil(() => loaded.value === 1, 'the load event never reached the Vue listener', {
      timeout: 5000,
    });
    await el.updateComplete;

    expect(el).to.be.instanceOf(customElements.get('smtp-settings'));
    expect(el.strings).to.deep.equal({ save: 'Speichern' });
    expect(el.hasAttribute('strings')).to.equal(false);
    expect(el.shadowRoot?.querySelector('[part~="save-button"]')?.textContent?.trim()).to.equal('Speichern');
    // Without the option Vue looks for a component of that name first, and warns it found none.
    expect(warnings.filter((warning) => warning.startsWith('Failed to resolve component'))).to.deep.equal([]);
    app.unmount();
    host.remove();
  });
});
