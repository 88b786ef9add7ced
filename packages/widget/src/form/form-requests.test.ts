import { expect } from '@open-wc/testing';
import { resetAdapter } from '../../test/adapter-fixture.js';
import { button, field, mount, type } from '../../test/form-harness.js';
import type { SmtpSettingsChangeDetail } from '../events/smtp-settings-change.js';
import '../define.js';
import type { FormRequests } from './form-requests.js';

const REQUESTS: ReadonlyArray<keyof FormRequests> = [
  'smtp-field-input',
  'smtp-field-edit',
  'smtp-secret-clear',
  'smtp-flow-apply',
  'smtp-flow-taken',
  'smtp-flow-leave',
  'smtp-field-errors',
  'smtp-form-announce',
  'smtp-part-error',
];

describe('requests of the form’s parts', () => {
  beforeEach(resetAdapter);

  it('stay inside <smtp-settings>, which answers them with its public events', async () => {
    const el = await mount();
    const leaked: string[] = [];
    const heard = (name: string) => () => leaked.push(name);
    const listeners = REQUESTS.map((name) => [name, heard(name)] as const);
    for (const [name, listener] of listeners) document.addEventListener(name, listener, true);
    const domInputs: string[] = [];
    el.addEventListener('input', (event) =>
      domInputs.push((event.composedPath()[0] as HTMLInputElement).name),
    );
    const fired: Array<[string, SmtpSettingsChangeDetail]> = [];
    for (const name of ['smtp-settings-input', 'smtp-settings-change'] as const) {
      el.addEventListener(name, ({ detail }) => fired.push([name, detail]));
    }

    try {
      const sendGrid = [...field<HTMLSelectElement>(el, 'Preset').options].find(
        (o) => o.textContent === 'SendGrid',
      );
      await type(el, 'Preset', sendGrid?.value ?? '');
      await type(el, 'Connection Security', 'starttls');
      await type(el, 'SMTP Port', '465');
      fired.length = 0;
      button(el, 'Use SSL/TLS').click();
      await el.updateComplete;
    } finally {
      for (const [name, listener] of listeners) document.removeEventListener(name, listener, true);
    }

    expect(field(el, 'SMTP User Name').value).to.equal('apikey');
    expect(field(el, 'Connection Security').value).to.equal('tls');
    expect(fired).to.deep.equal([
      ['smtp-settings-input', { field: 'security', dirty: true }],
      ['smtp-settings-change', { field: 'security', dirty: true }],
    ]);
    expect(leaked).to.deep.equal([]);
    // The DOM's own input events still reach the page, as from any form control.
    expect(domInputs).to.deep.equal(['preset', 'security', 'port']);
  });
});
