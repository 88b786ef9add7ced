import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { SmtpSettingsDraftInput } from '@smtp-settings/schema';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import {
  basicSettings,
  consentOnServer,
  ENDPOINT,
  GOOGLE_OAUTH_FIELDS,
  OAUTH_ACCOUNT,
  REFUSED_CLIENT_SECRET,
  resetAdapter,
  setFeatureEnabled,
  testSmtpServer,
} from '../../test/adapter-fixture.js';
import { emulateColorScheme } from '../../test/color-scheme.js';
import {
  blur,
  button,
  chooseOAuth,
  errorOf,
  field,
  fillBasic,
  hasField,
  hintOf,
  MICROSOFT,
  mount,
  shadow,
  test,
  text,
  type,
} from '../../test/form-harness.js';
import { createClient } from '../api/client.js';
import { putSettings } from '../api/requests.js';
import { runTest } from '../api/run-test.js';
import type { SmtpSettingsChangeDetail } from '../events/smtp-settings-change.js';
import '../define.js';
import type { SmtpSettingsElement } from './smtp-settings.js';

/** Makes every `GET /oauth/flows/:flowId` answer that the admin denied consent; returns the undo. */
function answerFlowsAsDenied(): () => void {
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const match = String(input).match(/\/oauth\/flows\/([^/?]+)$/);
    if (!match) return original(input, init);
    const error = { code: 'OAUTH_ACCESS_DENIED', message: 'Consent was denied.', hint: 'Sign in again.' };
    return Response.json({ flowId: match[1], status: 'failed', provider: 'google', error });
  };
  return () => (window.fetch = original);
}

/** Saves settings behind the element's back, as another admin would: a passing test, then PUT. */
async function saveDirectly(settings: SmtpSettingsDraftInput, version: number) {
  const client = createClient(ENDPOINT);
  const { receipt } = await runTest(client, { settings });
  return putSettings(client, { settings, version, ...(receipt && { receipt }) });
}

/** Records every request body the page sends; the element's own client looks `fetch` up per call. */
function recordRequests() {
  const original = window.fetch;
  const requests: Array<{ url: string; body: unknown; response: Promise<unknown> }> = [];
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = String(input);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    // Reading a clone after the request's signal aborted rejects; only the start answer is awaited.
    const json = url.includes('/oauth/')
      ? response
          .clone()
          .json()
          .catch(() => undefined)
      : Promise.resolve();
    requests.push({ url, body, response: json });
    return response;
  };
  return { requests, restore: () => (window.fetch = original) };
}

/** The settings of the last connection test the element sent. */
function lastTested(recorder: ReturnType<typeof recordRequests>): Record<string, unknown> {
  const sent = recorder.requests.filter((r) => r.url.endsWith('/test')).at(-1);
  if (!sent) throw new Error('No test request was sent');
  return (sent.body as { settings: Record<string, unknown> }).settings;
}

describe('<smtp-settings>', () => {
  let restore: Array<() => void> = [];

  beforeEach(resetAdapter);
  afterEach(() => {
    for (const undo of restore) undo();
    restore = [];
  });

  it('is accessible with Basic authentication', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('tells the host to set endpoint when it has no client at all', async () => {
    const el = await fixture<SmtpSettingsElement>(html`<smtp-settings></smtp-settings>`);
    const alert = el.shadowRoot?.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('Set the endpoint attribute');
    el.setAttribute('endpoint', ENDPOINT);
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form loads once endpoint is set');
  });

  it('says mail settings are not available where the adapter’s feature gate is off, in its language', async () => {
    await setFeatureEnabled(false);
    const failed = oneEvent(document, 'smtp-settings-error');
    const el = await fixture<SmtpSettingsElement>(
      html`<smtp-settings endpoint=${ENDPOINT} .strings=${{ notAvailable: 'Hier nicht verfügbar.' }}></smtp-settings>`,
    );
    expect((await failed).detail).to.include({ action: 'load', code: 'NOT_FOUND' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="alert"]')?.textContent).to.equal('Hier nicht verfügbar.');
    expect(shadow(el).querySelector('button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  describe('fields', () => {
    it('shows the Basic fields by their labels', async () => {
      const el = await mount();
      for (const label of [
        'Basic Authentication',
        'OAuth Authentication',
        'Preset',
        'SMTP Server',
        'SMTP Port',
        'Connection Security',
        'SMTP User Name',
        'SMTP Password',
        'Allow invalid certificate',
        'From Email',
        'From Name',
        'Send test email to',
      ]) {
        expect(hasField(el, label), label).to.equal(true);
      }
      expect(field(el, 'Basic Authentication').checked).to.equal(true);
      expect(field(el, 'SMTP Password').type).to.equal('password');
      expect(hintOf(el, 'Allow invalid certificate')).to.contain('self-signed');
      const certificateHint = () => shadow(el).getElementById('allowInvalidCertificate-hint');
      expect(certificateHint()?.getAttribute('part')).to.equal('hint');
      field(el, 'Allow invalid certificate').click();
      await el.updateComplete;
      expect(certificateHint()?.getAttribute('part')).to.equal('hint warning');
      field(el, 'Allow invalid certificate').click();
      await el.updateComplete;
      // Checkbox then label on one line at the start of the field, the hint below them.
      const checkbox = field(el, 'Allow invalid certificate');
      const box = checkbox.getBoundingClientRect();
      const label = checkbox.labels?.[0]?.getBoundingClientRect();
      const fieldBox = checkbox.closest('[part~="field"]')?.getBoundingClientRect();
      const hint = shadow(el).getElementById('allowInvalidCertificate-hint')?.getBoundingClientRect();
      const start = fieldBox?.left ?? Number.NaN;
      expect(box.left - start).to.be.below(8);
      expect(box.width).to.be.below(32);
      expect(label?.left).to.be.within(box.right, box.right + 16);
      expect((label?.left ?? Number.NaN) - start).to.be.below(48);
      expect(label?.top).to.be.below(box.bottom);
      expect(label?.bottom).to.be.above(box.top);
      expect(hint?.top).to.be.at.least(Math.max(box.bottom, label?.bottom ?? Number.NaN));
      expect(text(el)).to.contain('Authentication Type');
    });

    it('shows the Microsoft fields, accessibly', async () => {
      const el = await mount();
      await chooseOAuth(el, 'Microsoft');
      for (const label of [
        'Microsoft',
        'Google',
        'Client ID',
        'Client Secret',
        'Tenant ID',
        'Refresh Token',
        'Client secret expires',
        'Fallback URL',
        'From Email',
        'From Name',
      ]) {
        expect(hasField(el, label), label).to.equal(true);
      }
      expect(hasField(el, 'SMTP Server')).to.equal(false);
      expect(button(el, 'Get Refresh Token')).to.exist;
      expect(field(el, 'Fallback URL').value).to.equal(
        `${location.origin}${ENDPOINT}/oauth/microsoft/callback`,
      );
      expect(field(el, 'Fallback URL').readOnly).to.equal(true);
      expect(hintOf(el, 'Fallback URL')).to.contain(
        'Azure app registration → Authentication → Web redirect URI',
      );
      expect(text(el)).to.contain('Email Provider');
      await expect(el).to.be.accessible();
    });

    it('shows the Google fields without a Tenant ID, accessibly', async () => {
      const el = await mount();
      await chooseOAuth(el, 'Google');
      for (const label of [
        'Client ID',
        'Client Secret',
        'Refresh Token',
        'Client secret expires',
        'Fallback URL',
      ]) {
        expect(hasField(el, label), label).to.equal(true);
      }
      expect(hasField(el, 'Tenant ID')).to.equal(false);
      expect(field(el, 'Fallback URL').value).to.equal(`${location.origin}${ENDPOINT}/oauth/google/callback`);
      expect(hintOf(el, 'Fallback URL')).to.contain(
        'Google Cloud console → Credentials → Authorized redirect URIs',
      );
      await expect(el).to.be.accessible();
    });

    it('keeps a client secret’s expiry with its provider', async () => {
      const el = await mount();
      await chooseOAuth(el, 'Google');
      await type(el, 'Client secret expires', '2030-01-31');
      field(el, 'Microsoft').click();
      await el.updateComplete;
      expect(field(el, 'Client secret expires').value).to.equal('');
      field(el, 'Google').click();
      await el.updateComplete;
      expect(field(el, 'Client secret expires').value).to.equal('2030-01-31');
    });

    it('says "(optional)" after the label of each field that may stay empty, in the form’s language', async () => {
      const el = await mount();
      const labelOf = (name: string) => field(el, name).labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim();
      expect(labelOf('From Name')).to.equal('From Name (optional)');
      expect(labelOf('Send test email to')).to.equal('Send test email to (optional)');
      expect(labelOf('From Email')).to.equal('From Email');
      expect(labelOf('SMTP Server')).to.equal('SMTP Server');
      await chooseOAuth(el, 'Google');
      expect(labelOf('Client secret expires')).to.equal('Client secret expires (optional)');
      const fromName = field(el, 'From Name');
      el.strings = { optional: '(freiwillig)' };
      await el.updateComplete;
      expect(fromName.labels?.[0]?.textContent).to.contain('(freiwillig)');
      await expect(el).to.be.accessible();
    });

    it('copies the Fallback URL and announces it', async () => {
      const el = await mount();
      await chooseOAuth(el, 'Google');
      let copied = '';
      Object.defineProperty(navigator.clipboard, 'writeText', {
        configurable: true,
        value: async (value: string) => {
          copied = value;
        },
      });
      restore.push(() => delete (navigator.clipboard as { writeText?: unknown }).writeText);
      button(el, 'Copy Fallback URL').click();
      await waitUntil(() => shadow(el).querySelector('[part="status"]')?.textContent?.includes('Copied'));
      expect(copied).to.equal(field(el, 'Fallback URL').value);
      // Said where the admin clicked too, not only in the status line further down.
      expect(button(el, 'Copied').getAttribute('aria-label')).to.equal('Copied');
    });

    it('fills a preset and suggests the security a port usually uses, without changing it', async () => {
      const el = await mount();
      const preset = field<HTMLSelectElement>(el, 'Preset');
      const option = [...preset.options].find((o) => o.textContent?.includes('Amazon SES'));
      await type(el, 'Preset', option?.value ?? '');
      expect(field(el, 'SMTP Server').value).to.match(/amazonaws\.com$/);

      await type(el, 'Connection Security', 'starttls');
      await type(el, 'SMTP Port', '465');
      await el.updateComplete;
      // The admin's own port, not the preset's, even as the picker falls back to "Other".
      expect(field(el, 'SMTP Port').value).to.equal('465');
      expect(field(el, 'Preset').value).to.equal('');
      expect(field(el, 'Connection Security').value).to.equal('starttls');
      expect(text(el)).to.contain('This port usually uses SSL/TLS.');
      button(el, 'Use SSL/TLS').focus();
      button(el, 'Use SSL/TLS').click();
      await el.updateComplete;
      expect(field(el, 'Connection Security').value).to.equal('tls');
      expect(text(el)).not.to.contain('This port usually uses');
      // The button went away; focus is on the choice it made, not lost to the page.
      await waitUntil(() => shadow(el).activeElement === field(el, 'Connection Security'), 'focus was lost');
    });

    it('fills a preset’s fixed user name only into an empty field', async () => {
      const el = await mount();
      const sendGrid = [...field<HTMLSelectElement>(el, 'Preset').options].find(
        (o) => o.textContent === 'SendGrid',
      );
      await type(el, 'Preset', sendGrid?.value ?? '');
      expect(field(el, 'SMTP User Name').value).to.equal('apikey');

      await type(el, 'Preset', '');
      await type(el, 'SMTP User Name', 'my-own-user');
      await type(el, 'Preset', sendGrid?.value ?? '');
      expect(field(el, 'SMTP User Name').value).to.equal('my-own-user');
    });

    it('shows the preset that saved settings match when they load', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const meta = await (await fetch(`${ENDPOINT}/meta`)).json();
      const matching = meta.presets.find(
        (preset: { host: string; port: number }) => preset.host === smtp.host && preset.port === smtp.port,
      );
      const el = await mount();
      expect(field(el, 'Preset').value).to.equal(matching?.id ?? '');
      expect(matching, 'the test adapter offers a preset for its own SMTP server').to.exist;
    });

    it('keeps the server fields the admin types right after choosing a preset', async () => {
      const el = await mount();
      const preset = field<HTMLSelectElement>(el, 'Preset');
      await type(el, 'Preset', preset.options[1]?.value ?? '');
      const port = field(el, 'SMTP Port');
      port.focus();
      port.select();
      // Real keys: a browser runs microtasks between the listeners of a trusted event, unlike dispatchEvent.
      await sendKeys({ type: '2525' });
      await el.updateComplete;
      expect(field(el, 'SMTP Port').value).to.equal('2525');
      expect(field(el, 'Preset').value).to.equal('');
    });

    it('names the presets in the language of strings.serverTexts, others as the server sent them', async () => {
      const el = await mount();
      el.strings = {
        serverTexts: {
          'preset.local': 'Lokaler Entwicklungsserver',
          'presetNote.local': 'Für einen Mail-Catcher auf diesem Rechner; nie für den Produktivbetrieb.',
        },
      };
      await el.updateComplete;
      const options = [...field<HTMLSelectElement>(el, 'Preset').options];
      const local = options.find((option) => option.value === 'local');
      expect(local?.textContent?.trim()).to.equal('Lokaler Entwicklungsserver');
      // Without a translation (and for the host's own preset, which has no key) the server's label stands.
      expect(options.find((option) => option.value === 'gmail')?.textContent?.trim()).to.equal(
        'Gmail / Google Workspace',
      );
      expect(options.find((option) => option.value === 'test-server')?.textContent?.trim()).to.equal(
        'Test mail server',
      );
      await type(el, 'Preset', 'local');
      expect(hintOf(el, 'Preset')).to.equal(
        'Für einen Mail-Catcher auf diesem Rechner; nie für den Produktivbetrieb.',
      );
    });

    it('takes its texts from the strings property', async () => {
      const el = await mount();
      el.strings = { save: 'Speichern', host: 'SMTP-Server' };
      await el.updateComplete;
      expect(button(el, 'Speichern')).to.exist;
      expect(hasField(el, 'SMTP-Server')).to.equal(true);
    });

    it('keeps two elements on one page apart: each part reads its own form', async () => {
      const first = await mount();
      const second = await mount();
      await type(first, 'SMTP Server', 'smtp.first.example');
      await type(first, 'SMTP Password', 'first-password');
      await chooseOAuth(second, 'Google');
      expect(field(second, 'Client ID').value).to.equal('');
      expect(hasField(first, 'SMTP Server')).to.equal(true);
      expect(field(first, 'SMTP Server').value).to.equal('smtp.first.example');
      expect(field(first, 'SMTP Password').value).to.equal('first-password');
      expect(first.matches(':state(dirty)')).to.equal(true);
      expect(hasField(second, 'SMTP Server')).to.equal(false);
    });
  });

  describe('validation', () => {
    it('checks a field on blur with its schema', async () => {
      const el = await mount();
      await type(el, 'SMTP Server', 'smtp://mail.example.com');
      await blur(el, 'SMTP Server');
      const host = field(el, 'SMTP Server');
      expect(errorOf(el, 'SMTP Server')).to.equal('Enter the server name only, without smtp:// or https://');
      expect(host.getAttribute('aria-invalid')).to.equal('true');
      expect(shadow(el).getElementById('host-error')?.getAttribute('role')).to.equal('alert');
      expect(shadow(el).getElementById('port-error')?.hasAttribute('role')).to.equal(false);

      await type(el, 'SMTP Server', 'mail.example.com');
      await blur(el, 'SMTP Server');
      expect(errorOf(el, 'SMTP Server')).to.equal('');
      expect(host.getAttribute('aria-invalid')).to.equal('false');
    });

    it('checks the whole form on Save, focuses the first invalid field, and stays accessible', async () => {
      const el = await mount();
      await type(el, 'From Email', 'not an address');
      button(el, 'Save').click();
      await waitUntil(() => shadow(el).activeElement === field(el, 'SMTP Server'), 'focus did not move');
      expect(errorOf(el, 'SMTP Server')).to.equal('Enter the SMTP server');
      expect(errorOf(el, 'From Email')).to.match(/valid email address/);
      await expect(el).to.be.accessible();
    });

    it('checks every field on Test, not only the one last left', async () => {
      await saveDirectly(
        {
          authType: 'oauth',
          provider: 'google',
          ...GOOGLE_OAUTH_FIELDS,
          refreshToken: 'a-token-pasted-by-hand',
          fromEmail: OAUTH_ACCOUNT,
          fromName: 'Example',
        },
        0,
      );
      const el = await mount();
      field(el, 'Basic Authentication').click();
      await el.updateComplete;
      await type(el, 'From Email', '');
      // A real click near the button's top edge: From Email loses focus on the way, as the admin's did,
      // and an error shown then would push the button down from under the pointer before it is released.
      const { x, y, width } = button(el, 'Test').getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(x + width / 2), Math.round(y + 3)] });
      await waitUntil(() => shadow(el).activeElement === field(el, 'SMTP Server'), 'focus did not move');
      expect(errorOf(el, 'SMTP Server')).to.equal('Enter the SMTP server');
      expect(errorOf(el, 'From Email')).not.to.equal('');
    });

    it('puts the server’s field errors on their fields', async () => {
      const el = await mount();
      await chooseOAuth(el, 'Microsoft');
      await type(el, 'Client ID', MICROSOFT.clientId);
      await type(el, 'Tenant ID', MICROSOFT.tenantId);
      await type(el, 'From Email', 'notifications@example.com');
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Test').click();
      const { detail } = await failed;
      expect(detail).to.include({ action: 'test', code: 'VALIDATION_FAILED' });
      await waitUntil(() => shadow(el).activeElement === field(el, 'Client Secret'), 'focus did not move');
      expect(errorOf(el, 'Client Secret')).to.equal('Enter the client secret');
      expect(errorOf(el, 'Refresh Token')).not.to.equal('');
      expect(shadow(el).querySelector('[part~="alert"]')?.textContent).to.equal('Some fields need attention');

      // A new attempt with the fields filled starts clean; what the server says then is new.
      await type(el, 'Client Secret', MICROSOFT.clientSecret);
      await type(el, 'Refresh Token', 'a-token-pasted-by-hand');
      await test(el);
      expect(shadow(el).querySelector('[part~="alert"]')?.textContent).to.equal('');
      expect(errorOf(el, 'Refresh Token')).to.equal('');
    });

    it('translates field errors through strings.fieldMessages, its own and the server’s', async () => {
      const el = await mount();
      el.strings = {
        fieldMessages: {
          'Port must be a whole number from 1 to 65535': 'Der Port muss eine ganze Zahl von 1 bis 65535 sein',
          'Enter the client secret': 'Geben Sie den geheimen Clientschlüssel ein',
        },
      };
      await type(el, 'SMTP Port', '70000');
      await blur(el, 'SMTP Port');
      expect(errorOf(el, 'SMTP Port')).to.equal('Der Port muss eine ganze Zahl von 1 bis 65535 sein');
      await type(el, 'SMTP Server', 'smtp://mail.example.com');
      await blur(el, 'SMTP Server');
      // A message without a translation shows as the schema wrote it.
      expect(errorOf(el, 'SMTP Server')).to.equal('Enter the server name only, without smtp:// or https://');

      await chooseOAuth(el, 'Microsoft');
      await type(el, 'Client ID', MICROSOFT.clientId);
      await type(el, 'Tenant ID', MICROSOFT.tenantId);
      await type(el, 'From Email', 'notifications@example.com');
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Test').click();
      expect((await failed).detail).to.include({ action: 'test', code: 'VALIDATION_FAILED' });
      await waitUntil(() => shadow(el).activeElement === field(el, 'Client Secret'), 'focus did not move');
      expect(errorOf(el, 'Client Secret')).to.equal('Geben Sie den geheimen Clientschlüssel ein');

      // Translated as shown, so switching the language rewords an error already on screen.
      el.strings = {};
      await el.updateComplete;
      expect(errorOf(el, 'Client Secret')).to.equal('Enter the client secret');
    });
  });

  describe('secrets', () => {
    it('shows a saved secret as empty, and sends keep, clear or the new value', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const el = await mount();
      const password = field(el, 'SMTP Password');
      expect(password.value).to.equal('');
      expect(shadow(el).innerHTML).not.to.contain(smtp.password);
      expect(hintOf(el, 'SMTP Password')).to.equal('Saved — type to replace');

      const sentPassword = async () => {
        await test(el);
        return lastTested(recorder).password;
      };
      expect(await sentPassword()).to.deep.equal({ keep: true });

      button(el, 'Clear SMTP Password').click();
      await el.updateComplete;
      expect(hintOf(el, 'SMTP Password')).to.equal('Will be removed when you save');
      expect(await sentPassword()).to.deep.equal({ clear: true });

      button(el, 'Keep saved').click();
      await type(el, 'SMTP Password', 'typed-secret');
      expect(hintOf(el, 'SMTP Password')).to.equal('');
      expect(await sentPassword()).to.equal('typed-secret');

      button(el, 'Show SMTP Password').click();
      await el.updateComplete;
      expect(password.type).to.equal('text');
      expect(button(el, 'Hide SMTP Password').textContent?.trim()).to.equal('Hide');
    });

    it('asks for a saved password again once the server changes, and shows it saved when the change is undone', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const el = await mount();
      const password = field(el, 'SMTP Password');

      for (const [label, changed, saved] of [
        ['SMTP Server', '127.0.0.2', smtp.host],
        ['SMTP Port', String(smtp.port + 1), String(smtp.port)],
        ['SMTP User Name', 'someone@example.com', smtp.user],
      ]) {
        await type(el, label, changed);
        expect(errorOf(el, 'SMTP Password'), label).to.equal('Enter the password again: the server changed');
        expect(password.getAttribute('aria-invalid')).to.equal('true');
        expect(password.getAttribute('aria-describedby')).to.equal('password-error');
        expect(shadow(el).getElementById('password-error')?.getAttribute('role')).to.equal('alert');
        // Undone by typing the saved value again.
        await type(el, label, saved);
        expect(errorOf(el, 'SMTP Password'), label).to.equal('');
        expect(password.getAttribute('aria-invalid')).to.equal('false');
        expect(hintOf(el, 'SMTP Password')).to.equal('Saved — type to replace');
      }

      field(el, 'Allow invalid certificate').click();
      await el.updateComplete;
      expect(errorOf(el, 'SMTP Password')).to.equal('Enter the password again: the server changed');
      await expect(el).to.be.accessible();
      // Neither Test nor Save asks the server to keep it: focus goes to the field that says why.
      button(el, 'Test').click();
      await waitUntil(() => shadow(el).activeElement === password, 'focus did not move');
      expect(recorder.requests.some((r) => r.url.endsWith('/test'))).to.equal(false);
      // Removing the saved password, or typing it again, answers the question.
      button(el, 'Clear SMTP Password').click();
      await el.updateComplete;
      expect(errorOf(el, 'SMTP Password')).to.equal('');
      expect(hintOf(el, 'SMTP Password')).to.equal('Will be removed when you save');
      button(el, 'Keep saved').click();
      await el.updateComplete;
      expect(errorOf(el, 'SMTP Password')).to.equal('Enter the password again: the server changed');
      await type(el, 'SMTP Password', smtp.password);
      expect(errorOf(el, 'SMTP Password')).to.equal('');
    });

    it('keeps the saved password through a change of From Email and From Name', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const el = await mount();
      await type(el, 'From Email', 'alerts@example.com');
      await type(el, 'From Name', 'Alerts');
      expect(errorOf(el, 'SMTP Password')).to.equal('');
      expect((await test(el)).ok).to.equal(true);
      expect(lastTested(recorder).password).to.deep.equal({ keep: true });
    });

    it('puts the server’s refusal to keep a password on the field, translated', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const el = await mount();
      el.strings = {
        fieldMessages: {
          'Enter the password again: the server changed':
            'Geben Sie das Passwort erneut ein: Der Server wurde geändert',
        },
      };
      // Another admin saves for a server allowing invalid certificates; this form still shows the old one.
      await saveDirectly(basicSettings(smtp, { allowInvalidCertificate: true }), 1);
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Test').click();
      expect((await failed).detail).to.include({ action: 'test', code: 'VALIDATION_FAILED' });
      await waitUntil(() => shadow(el).activeElement === field(el, 'SMTP Password'), 'focus did not move');
      expect(errorOf(el, 'SMTP Password')).to.equal(
        'Geben Sie das Passwort erneut ein: Der Server wurde geändert',
      );
      expect(field(el, 'SMTP Password').getAttribute('aria-invalid')).to.equal('true');
    });
  });

  describe('test and save', () => {
    it('fires load, input on each keystroke, and change once a value is committed', async () => {
      const loaded = oneEvent(document, 'smtp-settings-load');
      const el = await mount();
      expect((await loaded).detail).to.include({ version: 0, settings: null });
      const inputs: SmtpSettingsChangeDetail[] = [];
      const changes: SmtpSettingsChangeDetail[] = [];
      el.addEventListener('smtp-settings-input', (event) => inputs.push(event.detail));
      el.addEventListener('smtp-settings-change', (event) => changes.push(event.detail));
      field(el, 'From Name').focus();
      await sendKeys({ type: 'QA Notifications' });
      expect(inputs).to.have.length('QA Notifications'.length);
      expect(inputs.at(-1)).to.deep.equal({ field: 'fromName', dirty: true });
      expect(changes).to.deep.equal([]);
      expect(el.matches(':state(dirty)')).to.equal(true);
      expect(text(el)).to.contain('Unsaved changes');
      // Leaving the field commits it, as the DOM's change does.
      await sendKeys({ press: 'Tab' });
      expect(changes).to.deep.equal([{ field: 'fromName', dirty: true }]);
      // A button that sets a value commits it at once.
      await type(el, 'SMTP Port', '465');
      button(el, 'Use SSL/TLS').click();
      expect(changes.at(-1)).to.deep.equal({ field: 'security', dirty: true });
      // So does a choice.
      field(el, 'OAuth Authentication').click();
      expect(changes.at(-1)).to.deep.equal({ field: 'authType', dirty: true });
    });

    it('shows each stage of a passing test, allows Save until an edit, and again once the edit is undone', async () => {
      const el = await mount();
      await fillBasic(el);
      const save = button(el, 'Save');
      expect(save.getAttribute('aria-disabled')).to.equal('true');
      expect(getComputedStyle(save).opacity).to.equal('1');
      expect(text(el)).to.contain('Test these settings before saving');
      // Each press of the blocked Save says why in the status region, the second one too.
      const status = shadow(el).querySelector('[part~="status"]') as HTMLElement;
      const said: string[] = [];
      const listener = new MutationObserver(() => said.push(status.textContent ?? ''));
      listener.observe(status, { childList: true, characterData: true, subtree: true });
      save.click();
      await el.updateComplete;
      save.click();
      await el.updateComplete;
      await el.updateComplete;
      listener.disconnect();
      expect(said.filter((words) => words === 'Test these settings before saving')).to.have.length(2);

      const result = await test(el);
      expect(result.ok).to.equal(true);
      const stages = [...shadow(el).querySelectorAll('[part~="stage"]')];
      expect(stages.length).to.equal(result.stages.length);
      // Security None: the TLS stage had nothing to check, and says so instead of "OK".
      const parts = stages.map((stage) => stage.getAttribute('part'));
      expect(parts).to.deep.equal(
        result.stages.map((stage) => (stage.name === 'tls' ? 'stage stage-skipped' : 'stage stage-ok')),
      );
      expect(stages[0]?.textContent).to.contain('OK');
      expect(shadow(el).querySelector('[part~="stage-skipped"]')?.textContent)
        .to.contain('TLS')
        .and.contain('Skipped');
      expect(text(el)).to.contain('The connection works.');
      // The panel is no live region: a hidden status region in it announces its summary, said once on screen.
      const summary = () => shadow(el).querySelector('[part~="test-result"] [role="status"]')?.textContent;
      expect(summary()).to.equal('The connection works.');
      expect(shadow(el).querySelector('[part~="status"]')?.textContent).to.equal('');
      // A blocked Save keeps a focus ring as strong as any other: faded colours, not opacity.
      expect(save.getAttribute('aria-disabled')).to.equal('false');
      expect(save.getAttribute('aria-disabled')).to.equal('false');
      expect(el.matches(':state(tested)')).to.equal(true);

      await type(el, 'From Name', 'Someone else');
      expect(save.getAttribute('aria-disabled')).to.equal('true');
      expect(text(el)).to.contain('Test these settings before saving');
      expect(el.matches(':state(tested)')).to.equal(false);
      const panel = shadow(el).querySelector('[part~="test-result"]');
      expect(panel?.textContent).to.contain('Outdated — test again');

      // Back to exactly what passed: the receipt holds for these values again.
      await type(el, 'From Name', 'Example');
      expect(save.getAttribute('aria-disabled')).to.equal('false');
      expect(el.matches(':state(tested)')).to.equal(true);
      expect(panel?.textContent).not.to.contain('test again');
    });

    it('keeps the last finished test on show, and Save with it, when a new run is cancelled', async () => {
      const el = await mount();
      await fillBasic(el);
      await test(el);
      button(el, 'Test').click();
      await el.updateComplete;
      button(el, 'Cancel test').click();
      await el.updateComplete;
      expect(shadow(el).querySelector('[part~="test-result"]')?.textContent).to.contain(
        'The connection works.',
      );
      expect(button(el, 'Save').getAttribute('aria-disabled')).to.equal('false');
    });

    it('sends a test message to the address given', async () => {
      const el = await mount();
      await fillBasic(el);
      await type(el, 'Send test email to', 'qa@example.com');
      const before = (await testSmtpServer()).messages;
      const result = await test(el);
      expect(result.stages.map((stage) => stage.name)).to.include('send');
      expect((await testSmtpServer()).messages).to.equal(before + 1);
    });

    it('shows the warnings a test returns', async () => {
      const warning =
        'Microsoft turns SMTP Basic auth off by default at the end of December 2026 — use OAuth';
      const original = window.fetch;
      window.fetch = async (input, init) =>
        String(input).endsWith('/test')
          ? Response.json({
              ok: true,
              stages: [],
              warnings: [{ message: warning, messageKey: 'warning.basicAuthMicrosoft' }],
              receipt: 'r',
            })
          : original(input, init);
      restore.push(() => (window.fetch = original));
      const el = await mount();
      await fillBasic(el);
      await test(el);
      expect(shadow(el).querySelector('[part~="test-result"] [part~="warning"]')?.textContent).to.contain(
        warning,
      );
    });

    it('is accessible while a test runs', async () => {
      const el = await mount();
      await fillBasic(el);
      const finished = oneEvent(el, 'smtp-settings-test');
      button(el, 'Test').click();
      await waitUntil(() => el.matches(':state(testing)'));
      expect(button(el, 'Testing…').getAttribute('aria-disabled')).to.equal('true');
      expect(shadow(el).querySelector('[part~="test-result"]')?.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      await finished;
    });

    it('shows the stage a slow test is at, and cancels it on the server too', async () => {
      const el = await mount();
      const { silentPort } = await testSmtpServer();
      await fillBasic(el, { 'SMTP Port': String(silentPort) });
      button(el, 'Test').click();
      // The server never greets: the test waits at Connect (after the DNS lookup), and the panel says so.
      const running = () => shadow(el).querySelector('[part~="stage-running"]')?.textContent ?? '';
      await waitUntil(() => running().includes('Connect'), 'Connect never showed as in progress');
      expect(shadow(el).querySelector('[part~="stage-running"]')?.textContent).to.contain('In progress…');
      await waitUntil(async () => (await testSmtpServer()).silentConnections === 1, 'never connected');
      await expect(el).to.be.accessible();

      button(el, 'Cancel test').focus();
      button(el, 'Cancel test').click();
      await el.updateComplete;
      // The Cancel button is gone with the test: focus moves to Test, not to the page.
      await waitUntil(() => shadow(el).activeElement === button(el, 'Test'), 'focus was lost');
      expect(el.matches(':state(testing)')).to.equal(false);
      expect(shadow(el).querySelector('[part~="status"]')?.textContent).to.equal('The test was cancelled.');
      expect(shadow(el).querySelector('[part~="test-result"]')?.textContent?.trim()).to.equal('');
      expect(() => button(el, 'Cancel test')).to.throw();
      // Aborting the request stops the probe, which hangs up on the silent server.
      await waitUntil(
        async () => (await testSmtpServer()).silentConnections === 0,
        'the probe kept its connection',
      );
    });

    it('leaves focus on the page when the admin moved it there before the focused control went away', async () => {
      const el = await mount();
      const { silentPort } = await testSmtpServer();
      await fillBasic(el, { 'SMTP Port': String(silentPort) });
      button(el, 'Test').click();
      await waitUntil(() => el.matches(':state(testing)'));
      button(el, 'Cancel test').focus();
      // The admin moves on to the page; the Cancel button goes afterwards (clicked without taking focus).
      button(el, 'Cancel test').blur();
      button(el, 'Cancel test').click();
      await waitUntil(() => !el.matches(':state(testing)'), 'the test was not cancelled');
      expect(() => button(el, 'Cancel test')).to.throw();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Compared as names: chai would walk a whole element to show a mismatch.
      expect(shadow(el).activeElement?.outerHTML ?? 'nothing in the form').to.equal('nothing in the form');
      expect(document.activeElement?.localName).to.equal('body');
    });

    it('shows a failed test in the language of strings.serverTexts: stage details, message and hint', async () => {
      const el = await mount();
      el.strings = {
        serverTexts: {
          'detail.connectedGreeting': 'Verbunden mit {address} Port {port}; Begrüßung: {reply}',
          'detail.tlsSkipped': 'Nicht verschlüsselt (Sicherheit: Keine)',
          'failure.credentialsRefused': 'Der Server hat Benutzername und Passwort abgelehnt.',
          'hint.AUTH_FAILED': 'Prüfen Sie Benutzername und Passwort.',
        },
      };
      await fillBasic(el, { 'SMTP Password': 'wrong-password' });
      const result = await test(el);
      // The adapter sends the keys and params of its English texts.
      expect(result.error).to.include({
        code: 'AUTH_FAILED',
        messageKey: 'failure.credentialsRefused',
        hintKey: 'hint.AUTH_FAILED',
      });
      const connect = result.stages.find((stage) => stage.name === 'connect');
      expect(connect?.detailKey).to.equal('detail.connectedGreeting');
      const shown = text(el);
      expect(shown).to.contain('Der Server hat Benutzername und Passwort abgelehnt.');
      expect(shown).to.contain('What to do: Prüfen Sie Benutzername und Passwort.');
      expect(shown).to.contain(
        `Verbunden mit ${connect?.params?.address} Port ${connect?.params?.port}; Begrüßung: ${connect?.params?.reply}`,
      );
      expect(shown).to.contain('Nicht verschlüsselt (Sicherheit: Keine)');
      expect(shown).not.to.contain(result.error?.message ?? '-');
      expect(shown).not.to.contain(result.error?.hint ?? '-');
      // A translated text is in the form's language; one without a translation (the DNS step's) stays English, marked so.
      const english = [...shadow(el).querySelectorAll('[part~="test-result"] [lang="en"]')].map(
        (node) => node.textContent,
      );
      const dns = result.stages.find((stage) => stage.name === 'dns');
      expect(english).to.include(dns?.detail);
      expect(english.join(' ')).not.to.contain('Der Server hat Benutzername und Passwort abgelehnt.');
      await expect(el).to.be.accessible();
    });

    it('shows a failed test: the stage, its code, the server reply and the hint, accessibly', async () => {
      const el = await mount();
      await fillBasic(el, { 'SMTP Password': 'wrong-password' });
      const result = await test(el);
      expect(result.ok).to.equal(false);
      expect(result.error).to.include({ code: 'AUTH_FAILED', stage: 'auth' });
      const shown = text(el);
      expect(shown).to.contain('The test failed at Sign-in.');
      expect(shadow(el).querySelector('[part~="test-result"] [role="status"]')?.textContent).to.equal(
        'The test failed at Sign-in.',
      );
      expect(shadow(el).querySelector('[part="error-code"]')?.textContent).to.equal('AUTH_FAILED');
      expect(result.error?.hint).to.be.a('string').and.not.be.empty;
      expect(shown).to.contain(`What to do: ${result.error?.hint}`);
      // The adapter writes English whatever the form's language: its texts say so for screen readers.
      const langOf = (written: string | undefined) =>
        [...shadow(el).querySelectorAll('[part~="test-result"] *')]
          .find((node) => node.textContent === written)
          ?.closest('[lang]')
          ?.getAttribute('lang');
      expect([langOf(result.error?.hint), langOf(result.error?.message)]).to.deep.equal(['en', 'en']);
      if (result.error?.serverReply) {
        expect(shadow(el).querySelector('[part="server-reply"]')?.textContent).to.equal(
          result.error.serverReply,
        );
      }
      expect(shadow(el).querySelector('[part~="stage-failed"]')?.textContent).to.contain('Sign-in');
      // The message is said once, in the summary, not again on the failed stage.
      expect(shown.split(result.error?.message ?? '').length - 1).to.equal(1);
      expect(button(el, 'Save').getAttribute('aria-disabled')).to.equal('true');
      expect(shadow(el).getElementById('save-reason')?.textContent).to.equal(
        'The last test of these values failed: fix them, then test again',
      );
      await expect(el).to.be.accessible();

      // Every part on show, the error code among them, is documented for themers in the manifest (`npm test` generates it first).
      const manifest = await (await fetch('/packages/widget/custom-elements.json')).json();
      const documented = manifest.modules
        .flatMap(
          (module: { declarations?: Array<{ tagName?: string; cssParts?: Array<{ name: string }> }> }) =>
            module.declarations ?? [],
        )
        .find((declaration: { tagName?: string }) => declaration.tagName === 'smtp-settings')
        ?.cssParts?.map((part: { name: string }) => part.name);
      const shownParts = [...shadow(el).querySelectorAll('[part]')].flatMap((node) =>
        (node.getAttribute('part') ?? '').split(/\s+/),
      );
      expect(shownParts).to.include('error-code');
      expect(documented).to.include.members([...new Set(shownParts)]);
    });

    it('saves for real after a passing test', async () => {
      const el = await mount();
      await fillBasic(el);
      await test(el);
      const saved = oneEvent(el, 'smtp-settings-save');
      button(el, 'Save').click();
      const { detail } = await saved;
      expect(detail.version).to.equal(1);
      expect(detail.settings).to.include({ authType: 'basic', fromName: 'Example' });
      await el.updateComplete;
      expect(el.matches(':state(dirty)')).to.equal(false);
      expect(text(el)).not.to.contain('Unsaved changes');
      expect(hintOf(el, 'SMTP Password')).to.equal('Saved — type to replace');
      expect(field(el, 'SMTP Password').value).to.equal('');
      // The test was of exactly these values, though the typed password is now kept by reference.
      expect(el.matches(':state(tested)')).to.equal(true);
      expect(shadow(el).querySelector('[part~="test-result"]')?.textContent).not.to.contain('test again');
      const stored = await (await fetch(`${ENDPOINT}/settings`)).json();
      expect(stored.version).to.equal(1);
      expect(stored.settings.password).to.deep.equal({ set: true });
    });

    it('says so when the server’s database is busy, and saves on the next try', async () => {
      const el = await mount();
      await fillBasic(el);
      await test(el);
      // As the adapter answers while another process holds its SQLite file's lock beyond the budget.
      const original = window.fetch;
      window.fetch = async (input, init) =>
        init?.method === 'PUT'
          ? new Response(
              JSON.stringify({ error: { code: 'STORE_BUSY', message: 'The settings database is busy.' } }),
              { status: 503, headers: { 'Content-Type': 'application/json', 'Retry-After': '1' } },
            )
          : original(input, init);
      try {
        const failed = oneEvent(el, 'smtp-settings-error');
        button(el, 'Save').click();
        expect((await failed).detail).to.deep.equal({
          action: 'save',
          code: 'STORE_BUSY',
          message: 'The mail settings server is busy. Try again in a moment.',
        });
        await el.updateComplete;
        const alert = shadow(el).querySelector('[part~="alert"]');
        expect(alert?.getAttribute('role')).to.equal('alert');
        expect(alert?.textContent).to.contain('The mail settings server is busy. Try again in a moment.');
      } finally {
        window.fetch = original;
      }

      const saved = oneEvent(el, 'smtp-settings-save');
      button(el, 'Save').click();
      expect((await saved).detail.version).to.equal(1);
    });

    it('reports settings changed elsewhere and reloads them', async () => {
      const smtp = await testSmtpServer();
      await saveDirectly(basicSettings(smtp), 0);
      const el = await mount();
      await saveDirectly(basicSettings(smtp, { fromName: 'Changed elsewhere' }), 1);

      await type(el, 'From Name', 'Mine');
      await test(el);
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Save').click();
      const { detail } = await failed;
      expect(detail).to.deep.equal({
        action: 'save',
        code: 'VERSION_CONFLICT',
        message: 'These settings were changed elsewhere',
      });
      await el.updateComplete;
      const alert = shadow(el).querySelector('[part~="alert"]');
      expect(alert?.getAttribute('role')).to.equal('alert');
      expect(alert?.textContent).to.contain('These settings were changed elsewhere');
      expect(alert?.textContent).to.contain('discards the changes made here');
      // Right under the buttons, not below the test result where the admin would not look.
      expect(shadow(el).querySelector('[part~="actions"]')?.nextElementSibling).to.equal(alert);
      // Saving again would only lose again: Save waits for the reload and says why.
      expect(button(el, 'Save').getAttribute('aria-disabled')).to.equal('true');
      expect(shadow(el).getElementById('save-reason')?.textContent).to.equal(
        'These settings were changed elsewhere',
      );
      await expect(el).to.be.accessible();
      // The alert reads its message, not the name of the button beside it.
      expect(alert?.querySelector('button')).to.equal(null);

      // Typing on does not hide the way out: Save still cannot succeed before a reload.
      await type(el, 'From Name', 'Mine, again');
      expect(alert?.textContent).to.contain('These settings were changed elsewhere');
      expect(button(el, 'Save').getAttribute('aria-disabled')).to.equal('true');
      button(el, 'Save').click();
      await el.updateComplete;
      const status = shadow(el).querySelector('[part~="status"]');
      expect(status?.textContent).to.equal('These settings were changed elsewhere');

      const reloaded = oneEvent(el, 'smtp-settings-load');
      button(el, 'Reload').focus();
      button(el, 'Reload').click();
      expect((await reloaded).detail.version).to.equal(2);
      await el.updateComplete;
      expect(field(el, 'From Name').value).to.equal('Changed elsewhere');
      expect(alert?.hasAttribute('role')).to.equal(false);
      expect(alert?.textContent).to.equal('');
      expect(status?.textContent).to.equal('');
      // The Reload button went with the alert; focus is back at the top of the form, not lost.
      await waitUntil(() => shadow(el).activeElement === field(el, 'Basic Authentication'));
      // The reloaded values were never tested: the earlier result is gone.
      expect(shadow(el).querySelector('[part~="test-result"]')?.textContent?.trim()).to.equal('');
    });
  });

  describe('Get Refresh Token', () => {
    type FakePopup = { closed: boolean; url?: string; close(): void; location: string };

    function stubPopup(popup: FakePopup | null) {
      const calls: string[] = [];
      const original = window.open;
      window.open = ((url?: string | URL) => {
        calls.push(String(url));
        return popup as unknown as Window;
      }) as typeof window.open;
      restore.push(() => (window.open = original));
      return calls;
    }

    function fakePopup(): FakePopup {
      return {
        closed: false,
        close() {
          this.closed = true;
        },
        set location(url: string) {
          this.url = url;
        },
        get location() {
          return this.url ?? 'about:blank';
        },
      };
    }

    async function fillGoogle(el: SmtpSettingsElement) {
      await chooseOAuth(el, 'Google');
      await type(el, 'Client ID', GOOGLE_OAUTH_FIELDS.clientId);
      await type(el, 'Client Secret', String(GOOGLE_OAUTH_FIELDS.clientSecret));
      await type(el, 'From Email', 'sales@example.com');
    }

    async function startedFlow(recorder: ReturnType<typeof recordRequests>) {
      await waitUntil(() => recorder.requests.some((r) => r.url.endsWith('/oauth/google/start')));
      const start = recorder.requests.find((r) => r.url.endsWith('/oauth/google/start'));
      return (await start?.response) as { flowId: string; authorizeUrl: string };
    }

    /** Consents on the server as the sign-in window would, then tells the form as the callback page does. */
    async function consentAndAnnounce(
      el: SmtpSettingsElement,
      { flowId, authorizeUrl }: { flowId: string; authorizeUrl: string },
    ) {
      await consentOnServer(authorizeUrl);
      const channel = new BroadcastChannel('smtp-settings:oauth');
      channel.postMessage({ type: 'smtp-settings:oauth', flowId, status: 'completed' });
      channel.close();
      await waitUntil(() => text(el).includes(`Connected as ${OAUTH_ACCOUNT}`), 'never connected');
    }

    it('opens the popup at once, signs in, then tests and saves with the flow', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const popup = fakePopup();
      const opened = stubPopup(popup);
      const el = await mount();
      await fillGoogle(el);

      button(el, 'Get Refresh Token').click();
      // Synchronously, inside the click, before any request: popup blockers only allow that.
      expect(opened).to.deep.equal(['about:blank']);
      expect(recorder.requests.some((r) => r.url.includes('/oauth/'))).to.equal(false);

      const { flowId, authorizeUrl } = await startedFlow(recorder);
      await waitUntil(() => popup.url === authorizeUrl, 'the popup was never sent to sign in');
      await consentAndAnnounce(el, { flowId, authorizeUrl });
      expect(text(el)).to.match(/Connected as notifications@example\.com · obtained \w+/);
      expect(button(el, 'Reconnect')).to.exist;
      expect(field(el, 'Refresh Token').value).to.equal('');
      expect(hintOf(el, 'Refresh Token')).to.equal('Obtained — stored when you save');

      const result = await test(el);
      expect(lastTested(recorder).refreshToken).to.deep.equal({ flow: flowId });
      expect(result.ok, JSON.stringify(result.error)).to.equal(true);
      const saved = oneEvent(el, 'smtp-settings-save');
      button(el, 'Save').click();
      const { tokenHealth } = (await saved).detail;
      expect(tokenHealth?.account).to.equal(OAUTH_ACCOUNT);

      const again = await mount();
      expect(text(again)).to.contain(`Connected as ${OAUTH_ACCOUNT}`);
      expect(hintOf(again, 'Refresh Token')).to.equal('Saved — type to replace');
      // The signed-in account differs from the From Email: the server's warning sits next to the token.
      expect(tokenHealth?.warnings).not.to.be.empty;
      const warnings = [...shadow(again).querySelectorAll('[part~="warning"] li')].map(
        (li) => li.textContent,
      );
      expect(warnings).to.deep.equal(
        tokenHealth?.warnings.map(({ message }: { message: string }) => message),
      );
      expect(tokenHealth?.warnings[0]).to.include({ messageKey: 'warning.sendAsGoogle' });

      // A client secret marked for removal is not used to sign in again.
      button(again, 'Clear Client Secret').click();
      await again.updateComplete;
      const popups = opened.length;
      button(again, 'Reconnect').click();
      await again.updateComplete;
      expect(errorOf(again, 'Client Secret')).to.equal('Enter the client secret');
      expect(opened.length).to.equal(popups);
      // Keeping the saved secret after all answers that error.
      button(again, 'Keep saved').click();
      await again.updateComplete;
      expect(errorOf(again, 'Client Secret')).to.equal('');
    });

    /**
     * Signs in to Google with a client secret the provider refuses, consenting on the server as the sign-in
     * window would and telling the form as the callback page does; resolves with the flow and the error event.
     */
    async function refusedSignIn(el: SmtpSettingsElement, recorder: ReturnType<typeof recordRequests>) {
      await fillGoogle(el);
      await type(el, 'Client Secret', REFUSED_CLIENT_SECRET);
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Get Refresh Token').click();
      const flow = await startedFlow(recorder);
      await consentOnServer(flow.authorizeUrl);
      const channel = new BroadcastChannel('smtp-settings:oauth');
      channel.postMessage({ type: 'smtp-settings:oauth', flowId: flow.flowId, status: 'failed' });
      channel.close();
      return { ...flow, error: (await failed).detail };
    }

    it('says a refused client secret under Client Secret, not under Refresh Token', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      stubPopup(fakePopup());
      const el = await mount();
      const { error } = await refusedSignIn(el, recorder);
      expect(error.code).to.equal('OAUTH_CLIENT_INVALID');
      await waitUntil(() => shadow(el).activeElement === field(el, 'Client Secret'), 'focus did not move');
      expect(errorOf(el, 'Client Secret')).to.contain('did not accept the client ID or client secret');
      expect(errorOf(el, 'Refresh Token')).to.equal('');
      expect(shadow(el).querySelector('smtp-settings-oauth [part~="alert"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('says a refused sign-in, and a sign-in the server no longer knows, in the language of strings.serverTexts', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const popup = fakePopup();
      stubPopup(popup);
      const el = await mount();
      el.strings = {
        serverTexts: {
          'signIn.clientInvalid':
            '{provider} hat die Client-ID oder den geheimen Clientschlüssel nicht akzeptiert ({codes}).',
          'hint.signInClientGoogle':
            'Kopieren Sie Client-ID und Clientschlüssel des OAuth-Clients aus der Google Cloud Console.',
          'error.signInNotFound':
            'Diese Anmeldung gibt es nicht: Sie ist abgelaufen oder wurde von jemand anderem gestartet',
        },
      };
      const { flowId, authorizeUrl, error } = await refusedSignIn(el, recorder);
      expect(error.code).to.equal('OAUTH_CLIENT_INVALID');
      // The adapter said it with the keys and params the German is filled from.
      const flow = await (await fetch(`${ENDPOINT}/oauth/flows/${flowId}`)).json();
      expect(flow.error).to.deep.include({
        messageKey: 'signIn.clientInvalid',
        hintKey: 'hint.signInClientGoogle',
        params: { provider: 'Google', codes: 'invalid_client', redirectUri: flow.error.params.redirectUri },
      });
      await waitUntil(() => errorOf(el, 'Client Secret') !== '', 'the refusal was never shown');
      expect(errorOf(el, 'Client Secret')).to.equal(
        'Google hat die Client-ID oder den geheimen Clientschlüssel nicht akzeptiert (invalid_client). Kopieren Sie Client-ID und Clientschlüssel des OAuth-Clients aus der Google Cloud Console.',
      );

      // The window looked closed, and by the time the admin asks the server has forgotten the sign-in (404).
      await type(el, 'Client Secret', String(GOOGLE_OAUTH_FIELDS.clientSecret));
      const closed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Get Refresh Token').click();
      await waitUntil(() => popup.url !== undefined && popup.url !== authorizeUrl, 'no new sign-in');
      popup.closed = true;
      expect((await closed).detail.code).to.equal('POPUP_CLOSED');
      await el.updateComplete;
      await resetAdapter();
      const gone = oneEvent(el, 'smtp-settings-error');
      button(el, 'Check again').click();
      expect((await gone).detail).to.include({
        code: 'NOT_FOUND',
        message: 'Diese Anmeldung gibt es nicht: Sie ist abgelaufen oder wurde von jemand anderem gestartet',
      });
      await el.updateComplete;
      expect(shadow(el).querySelector('smtp-settings-oauth [part~="alert"]')?.textContent).to.equal(
        'Diese Anmeldung gibt es nicht: Sie ist abgelaufen oder wurde von jemand anderem gestartet',
      );
      await expect(el).to.be.accessible();
    });

    it('keeps a token signed in with one provider away from the other', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const popup = fakePopup();
      stubPopup(popup);
      const el = await mount();
      await fillGoogle(el);
      button(el, 'Get Refresh Token').click();
      const { flowId, authorizeUrl } = await startedFlow(recorder);
      await consentAndAnnounce(el, { flowId, authorizeUrl });

      field(el, 'Microsoft').click();
      await el.updateComplete;
      expect(text(el)).not.to.contain('Connected as');
      expect(hintOf(el, 'Refresh Token')).not.to.contain('Obtained');
      // Each provider has its own Client ID: Google's is no Microsoft application ID.
      expect(field(el, 'Client ID').value).to.equal('');
      expect(button(el, 'Get Refresh Token')).to.exist;
      await type(el, 'Client ID', MICROSOFT.clientId);
      await type(el, 'Tenant ID', MICROSOFT.tenantId);
      await type(el, 'Client Secret', MICROSOFT.clientSecret);
      button(el, 'Test').click();
      await waitUntil(() => recorder.requests.some((r) => r.url.endsWith('/test')), 'never tested');
      expect(lastTested(recorder)).to.include({ provider: 'microsoft' });
      expect(lastTested(recorder).refreshToken).to.equal(undefined);

      field(el, 'Google').click();
      await el.updateComplete;
      expect(text(el)).to.contain(`Connected as ${OAUTH_ACCOUNT}`);
      expect(hintOf(el, 'Refresh Token')).to.equal('Obtained — stored when you save');
      expect(field(el, 'Client ID').value).to.equal(GOOGLE_OAUTH_FIELDS.clientId);
      expect(field(el, 'Client Secret').value).to.equal(String(GOOGLE_OAUTH_FIELDS.clientSecret));
      field(el, 'Microsoft').click();
      await el.updateComplete;
      expect(field(el, 'Client ID').value).to.equal(MICROSOFT.clientId);
      expect(field(el, 'Client Secret').value).to.equal(MICROSOFT.clientSecret);
    });

    it('asks for the client secret and a new refresh token once the app registration changes', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const opened = stubPopup(fakePopup());
      const el = await mount();
      await fillGoogle(el);
      button(el, 'Get Refresh Token').click();
      await consentAndAnnounce(el, await startedFlow(recorder));
      await test(el);
      const saved = oneEvent(el, 'smtp-settings-save');
      button(el, 'Save').click();
      await saved;
      await el.updateComplete;
      expect(text(el)).to.contain(`Connected as ${OAUTH_ACCOUNT}`);
      const popups = opened.length;
      // Sign-in requests only: the delivery status reads its summary again after the save.
      const signIns = () => recorder.requests.filter((r) => r.url.includes('/oauth/')).length;
      const starts = signIns();

      await type(el, 'Client ID', '999999999999-other.apps.googleusercontent.com');
      expect(errorOf(el, 'Client Secret')).to.equal(
        'Enter the client secret again: the app registration changed',
      );
      expect(errorOf(el, 'Refresh Token')).to.equal('Get a new refresh token: the app registration changed');
      expect(hintOf(el, 'Client Secret')).to.equal('');
      expect(text(el)).not.to.contain('Connected as');
      // Sign-in would only be refused: no window opens, and focus goes to the secret to enter.
      button(el, 'Get Refresh Token').click();
      await waitUntil(() => shadow(el).activeElement === field(el, 'Client Secret'), 'focus did not move');
      expect(opened.length).to.equal(popups);
      expect(signIns()).to.equal(starts);

      await type(el, 'Client ID', GOOGLE_OAUTH_FIELDS.clientId);
      expect(errorOf(el, 'Client Secret')).to.equal('');
      expect(errorOf(el, 'Refresh Token')).to.equal('');
      expect(hintOf(el, 'Client Secret')).to.equal('Saved — type to replace');
      expect(text(el)).to.contain(`Connected as ${OAUTH_ACCOUNT}`);
    });

    it('checks only what sign-in needs, keeping the errors shown elsewhere', async () => {
      const opened = stubPopup(fakePopup());
      const el = await mount();
      await chooseOAuth(el, 'Google');
      await type(el, 'From Email', 'not-an-email');
      await blur(el, 'From Email');
      const fromEmailError = errorOf(el, 'From Email');
      expect(fromEmailError).not.to.equal('');
      await type(el, 'Client ID', 'not-a-google-client-id');
      button(el, 'Get Refresh Token').click();
      await el.updateComplete;
      expect(opened).to.deep.equal([]);
      expect(errorOf(el, 'Client ID')).not.to.equal('');
      expect(errorOf(el, 'Client Secret')).to.equal('Enter the client secret');
      expect(errorOf(el, 'From Email')).to.equal(fromEmailError);

      // A Client ID checked against Google's rules says nothing about Microsoft's.
      field(el, 'Microsoft').click();
      await el.updateComplete;
      expect(errorOf(el, 'Client ID')).to.equal('');
    });

    it('offers a link when the popup is blocked, lets the admin try again, and drops the notice once signed in', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      stubPopup(null);
      const el = await mount();
      await fillGoogle(el);
      button(el, 'Get Refresh Token').click();
      const { flowId, authorizeUrl } = await startedFlow(recorder);
      await waitUntil(() => text(el).includes('The browser blocked the sign-in window.'));
      const link = shadow(el).querySelector<HTMLAnchorElement>('smtp-settings-oauth a');
      // Beside the status region, not in it: the region reads its news, not the link's and buttons' names.
      expect(shadow(el).querySelector('[part~="connection"]')?.querySelector('a, button')).to.equal(null);
      expect(link?.href).to.equal(authorizeUrl);
      expect(link?.target).to.equal('_blank');
      expect(link?.textContent).to.equal('Open the sign-in page');
      // Popups allowed now, the admin may simply click again.
      expect(button(el, 'Get Refresh Token').getAttribute('aria-disabled')).to.equal('false');

      // The admin used the link instead: the sign-in completes in another tab.
      await consentAndAnnounce(el, { flowId, authorizeUrl });
      expect(text(el)).not.to.contain('blocked');
    });

    it('continues in this tab when the popup is blocked, and comes back with the form but no secret', async () => {
      const recorder = recordRequests();
      restore.push(recorder.restore);
      const page = location.href;
      restore.push(() => history.replaceState(null, '', page));
      const opened: Array<{ url: string; target?: string }> = [];
      const original = window.open;
      // Blocks the popup; the same-tab navigation is recorded instead of leaving the test page.
      window.open = ((url?: string | URL, target?: string) => {
        opened.push({ url: String(url), ...(target && { target }) });
        return null;
      }) as typeof window.open;
      restore.push(() => (window.open = original));
      const el = await mount();
      await fillGoogle(el);
      await type(el, 'From Name', 'Sales desk');
      button(el, 'Get Refresh Token').click();
      await waitUntil(() => text(el).includes('The browser blocked the sign-in window.'));

      button(el, 'Continue in this tab').click();
      await waitUntil(() => opened.some((call) => call.target === '_self'), 'never left for the sign-in');
      const start = recorder.requests.filter((r) => r.url.endsWith('/oauth/google/start')).at(-1);
      if (!start) throw new Error('The same-tab sign-in was never started');
      expect((start.body as { returnTo?: string }).returnTo).to.equal(page);
      const { flowId, authorizeUrl } = (await start.response) as {
        flowId: string;
        authorizeUrl: string;
      };
      expect(opened.at(-1)?.url).to.equal(authorizeUrl);
      const stored = JSON.stringify({ ...sessionStorage });
      expect(stored).to.contain('Sales desk');
      expect(stored).not.to.contain(String(GOOGLE_OAUTH_FIELDS.clientSecret));
      el.remove();

      // The provider's consent, then the adapter sends the browser back to the page with the flow.
      const back = await consentOnServer(authorizeUrl);
      const returned = new URL(back ?? '');
      expect(returned.searchParams.get('smtpSettingsFlow')).to.equal(flowId);
      history.replaceState(null, '', returned.href);
      const again = await mount();
      await waitUntil(
        () => text(again).includes(`Connected as ${OAUTH_ACCOUNT}`),
        'the returned flow was never applied',
      );
      expect(location.href).to.equal(page);
      expect(field(again, 'Client ID').value).to.equal(GOOGLE_OAUTH_FIELDS.clientId);
      expect(field(again, 'From Name').value).to.equal('Sales desk');
      expect(field(again, 'Client Secret').value).to.equal('');
      // Said on the field itself, where focus lands after coming back.
      expect(errorOf(again, 'Client Secret')).to.contain('Type the Client Secret again');
      await waitUntil(
        () => shadow(again).activeElement === field(again, 'Client Secret'),
        'focus is elsewhere',
      );
      expect(again.matches(':state(dirty)')).to.equal(true);
      expect(Object.keys(sessionStorage).filter((key) => key.startsWith('smtp-settings:'))).to.be.empty;

      await type(again, 'Client Secret', String(GOOGLE_OAUTH_FIELDS.clientSecret));
      const result = await test(again);
      expect(lastTested(recorder).refreshToken).to.deep.equal({ flow: flowId });
      expect(result.ok, JSON.stringify(result.error)).to.equal(true);
    });

    it('says so when a full-page sign-in comes back failed', async () => {
      const page = location.href;
      restore.push(() => history.replaceState(null, '', page));
      restore.push(answerFlowsAsDenied());
      const url = new URL(page);
      url.searchParams.set('smtpSettingsFlow', 'AAAAAAAAAAAAAAAAAAAAAAAA');
      history.replaceState(null, '', url.href);
      const el = await mount();
      await waitUntil(
        () => text(el).includes('The sign-in was cancelled'),
        'the failed flow was never shown',
      );
      expect(location.href).to.equal(page);
      expect(field(el, 'OAuth Authentication').checked).to.equal(true);
    });

    it('says so when the popup is closed before the sign-in finished', async () => {
      const popup = fakePopup();
      stubPopup(popup);
      const el = await mount();
      await fillGoogle(el);
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Get Refresh Token').click();
      await waitUntil(() => popup.url !== undefined);
      popup.closed = true;
      const { detail } = await failed;
      expect(detail).to.include({ action: 'oauth', code: 'POPUP_CLOSED' });
      await el.updateComplete;
      expect(text(el)).to.contain('The sign-in window was closed before the sign-in finished.');

      // The window only looked closed (an identity provider's opener policy): the server knows better.
      button(el, 'Check again').click();
      await waitUntil(() => text(el).includes('has not finished yet'), 'still signing in');
      await consentOnServer(popup.url as string);
      button(el, 'Check again').click();
      await waitUntil(() => text(el).includes('Connected as'), 'connected after checking again');
    });

    it('says so when the admin cancels the consent', async () => {
      restore.push(answerFlowsAsDenied());
      stubPopup(fakePopup());
      const el = await mount();
      await fillGoogle(el);
      const failed = oneEvent(el, 'smtp-settings-error');
      button(el, 'Get Refresh Token').click();
      const { detail } = await failed;
      expect(detail).to.include({ action: 'oauth', code: 'OAUTH_ACCESS_DENIED' });
      await el.updateComplete;
      // An error, said as one: an alert of its own, not a sentence run on after the account line.
      const alert = shadow(el).querySelector('smtp-settings-oauth [part~="alert"]');
      expect(alert?.getAttribute('role')).to.equal('alert');
      expect(alert?.textContent).to.equal('The sign-in was cancelled, so no refresh token was obtained.');
      expect(shadow(el).querySelector('[part~="connection"]')?.textContent).not.to.contain('cancelled');
      await expect(el).to.be.accessible();

      // It was about a Google sign-in: the Microsoft fields start clean.
      field(el, 'Microsoft').click();
      await el.updateComplete;
      expect(text(el)).not.to.contain('The sign-in was cancelled');
    });
  });

  describe('theming', () => {
    it('keeps each radio choice on one line with its radio on a phone-wide form', async () => {
      const el = await mount();
      el.style.width = '330px';
      const choices = [...shadow(el).querySelectorAll<HTMLLabelElement>('label.choice')];
      expect(choices.map((choice) => choice.textContent?.trim())).to.deep.equal([
        'Basic Authentication',
        'OAuth Authentication',
      ]);
      for (const choice of choices) {
        // Two lines of text would be about 2.4 font sizes tall; one line with its radio stays under 2.
        const fontSize = Number.parseFloat(getComputedStyle(choice).fontSize);
        expect(choice.getBoundingClientRect().height, choice.textContent?.trim()).to.be.below(2 * fontSize);
      }
    });

    it('exposes parts and custom properties', async () => {
      const el = await mount();
      for (const part of [
        'form',
        'field',
        'label',
        'input',
        'select',
        'hint',
        'error',
        'button',
        'status',
        'alert',
      ]) {
        expect(shadow(el).querySelector(`[part~="${part}"]`), part).to.exist;
      }
      el.style.setProperty('--smtp-settings-accent-color', 'rgb(1, 2, 3)');
      // Save waits for changes, so it shows the accent faded towards the background.
      const faded = document.createElement('div');
      faded.style.background = 'color-mix(in srgb, rgb(1, 2, 3) 60%, #ffffff)';
      document.body.append(faded);
      restore.push(() => faded.remove());
      expect(getComputedStyle(button(el, 'Save')).backgroundColor).to.equal(
        getComputedStyle(faded).backgroundColor,
      );
    });

    it('spaces the fields of its parts like its own fields', async () => {
      const el = await mount();
      const gapBetween = (above: string, below: string) => {
        const wrapper = (label: string) => field(el, label).closest('[part~="field"]') as HTMLElement;
        return wrapper(below).getBoundingClientRect().top - wrapper(above).getBoundingClientRect().bottom;
      };
      const formGap = gapBetween('From Email', 'From Name');
      expect(formGap).to.be.greaterThan(0);
      expect(gapBetween('SMTP Server', 'SMTP Port')).to.equal(formGap);
      expect(gapBetween('SMTP User Name', 'SMTP Password')).to.equal(formGap);
    });

    it('inherits the host font', async () => {
      const el = await mount();
      el.style.fontFamily = 'serif';
      expect(getComputedStyle(field(el, 'SMTP Server')).fontFamily).to.equal('serif');
    });

    it('turns dark only where the page’s color-scheme allows it, or its own says so, accessibly', async () => {
      const el = await mount();
      const light = getComputedStyle(el).color;
      const page = document.documentElement.style;
      await emulateColorScheme('dark');
      try {
        // A page that declares itself light keeps the element light on a dark system.
        page.colorScheme = 'light';
        expect(getComputedStyle(el).color).to.equal(light);
        page.colorScheme = 'light dark';
        expect(getComputedStyle(el).color).not.to.equal(light);
        await expect(el).to.be.accessible();
        // The element's own color-scheme overrides the page's, either way.
        el.style.colorScheme = 'light';
        expect(getComputedStyle(el).color).to.equal(light);
        page.colorScheme = 'light';
        el.style.colorScheme = 'dark';
        expect(getComputedStyle(el).color).not.to.equal(light);
        await expect(el).to.be.accessible();
      } finally {
        page.colorScheme = '';
        await emulateColorScheme('light');
      }
    });

    it('draws radios and the checkbox in the theme’s accent, text-sized and centred on their text', async () => {
      const el = await mount();
      el.style.setProperty('--smtp-settings-accent-color', 'rgb(109, 40, 217)');
      for (const label of ['Basic Authentication', 'Allow invalid certificate']) {
        const control = field(el, label);
        const style = getComputedStyle(control);
        expect(style.accentColor, label).to.equal('rgb(109, 40, 217)');
        const box = control.getBoundingClientRect();
        expect(box.height, label).to.be.closeTo(Number.parseFloat(style.fontSize), 0.5);
        const words = [...(control.labels?.[0]?.childNodes ?? [])].find(
          (node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim(),
        );
        const range = document.createRange();
        range.selectNodeContents(words as Node);
        const line = range.getBoundingClientRect();
        expect(box.top + box.height / 2, label).to.be.closeTo(line.top + line.height / 2, 0.5);
      }
    });
  });

  describe('keyboard', () => {
    it('walks from the first field to Save with Tab, and works the controls by keys', async () => {
      const el = await mount();
      // A typed password brings its Show button.
      field(el, 'SMTP Password').focus();
      await sendKeys({ type: 'typed-secret' });
      field(el, 'Basic Authentication').focus();
      const visited: string[] = [];
      for (let presses = 0; presses < 30 && shadow(el).activeElement !== button(el, 'Save'); presses++) {
        await sendKeys({ press: 'Tab' });
        const active = shadow(el).activeElement as HTMLElement | null;
        visited.push(active?.id || active?.getAttribute('aria-label') || active?.textContent?.trim() || '?');
      }
      expect(shadow(el).activeElement).to.equal(button(el, 'Save'));
      expect(visited).to.include.members([
        'preset',
        'host',
        'port',
        'security',
        'username',
        'password',
        'Show SMTP Password',
        'allowInvalidCertificate',
        'fromEmail',
        'fromName',
        'sendTo',
        'Test',
      ]);

      field(el, 'SMTP Server').focus();
      await sendKeys({ type: 'smtp.example.com' });
      expect(field(el, 'SMTP Server').value).to.equal('smtp.example.com');

      button(el, 'Show SMTP Password').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(field(el, 'SMTP Password').type).to.equal('text');

      field(el, 'Basic Authentication').focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(hasField(el, 'Client ID')).to.equal(true);
    });
  });
});
