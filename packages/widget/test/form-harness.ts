/**
 * Browser-side helpers for tests of `<smtp-settings>`: mount it against the harness adapter and find
 * its controls as a user does, by their visible labels and names.
 *
 * @module
 */
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { TestResponse } from '@smtp-settings/schema';
import type { SmtpSettingsElement } from '../src/smtp-settings/smtp-settings.js';
import { ENDPOINT, testSmtpServer } from './adapter-fixture.js';

/** A Microsoft app registration the OAuth mock accepts. */
export const MICROSOFT = {
  clientId: '00000000-0000-4000-8000-000000000001',
  tenantId: 'contoso.onmicrosoft.com',
  clientSecret: 'microsoft-secret',
};

/** The element's shadow root, where the whole form renders. */
export function shadow(el: SmtpSettingsElement): ShadowRoot {
  if (!el.shadowRoot) throw new Error('<smtp-settings> has no shadow root');
  return el.shadowRoot;
}

/** A label's words without the "(optional)" after them, as tests name the fields. */
function labelText(label: HTMLLabelElement): string | undefined {
  return label.textContent?.replace(/\s+/g, ' ').replace(' (optional)', '').trim();
}

/** The control a visible label names, as a user finds it. */
export function field<T extends HTMLElement = HTMLInputElement>(el: SmtpSettingsElement, label: string): T {
  const found = [...shadow(el).querySelectorAll('label')].find((l) => labelText(l) === label);
  if (!found?.control) throw new Error(`No field labelled "${label}"`);
  return found.control as unknown as T;
}

/** Whether a field with this visible label is on show. */
export function hasField(el: SmtpSettingsElement, label: string): boolean {
  return [...shadow(el).querySelectorAll('label')].some((l) => labelText(l) === label);
}

/** The button whose visible text or accessible name is `name`. */
export function button(el: SmtpSettingsElement, name: string): HTMLButtonElement {
  const found = [...shadow(el).querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name,
  );
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

/** All text of the form, whitespace collapsed. */
export function text(el: SmtpSettingsElement): string {
  return (shadow(el).textContent ?? '').replace(/\s+/g, ' ');
}

/** The error message under the field labelled `label`. */
export function errorOf(el: SmtpSettingsElement, label: string): string {
  const id = field(el, label)
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((i) => i.endsWith('-error'));
  return (
    shadow(el)
      .getElementById(id ?? '')
      ?.textContent?.trim() ?? ''
  );
}

/** The hint under the field labelled `label`. */
export function hintOf(el: SmtpSettingsElement, label: string): string {
  const id = field(el, label)
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((i) => i.endsWith('-hint'));
  return (
    shadow(el)
      .getElementById(id ?? '')
      ?.textContent?.trim() ?? ''
  );
}

/** Types `value` into the field labelled `label`, as one input event, and waits for the form. */
export async function type(el: SmtpSettingsElement, label: string, value: string) {
  const input = field<HTMLInputElement | HTMLSelectElement>(el, label);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Moves focus out of the field labelled `label` and waits for the form. */
export async function blur(el: SmtpSettingsElement, label: string) {
  field(el, label).blur();
  await el.updateComplete;
}

/** Mounts `<smtp-settings>` against the harness adapter and waits for its form. */
export async function mount(): Promise<SmtpSettingsElement> {
  const el = await fixture<SmtpSettingsElement>(html`<smtp-settings endpoint=${ENDPOINT}></smtp-settings>`);
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form never loaded', { timeout: 5000 });
  return el;
}

/** Fills Basic settings that pass the test SMTP server's connection test, with `overrides` by label. */
export async function fillBasic(el: SmtpSettingsElement, overrides: Record<string, string> = {}) {
  const smtp = await testSmtpServer();
  const values: Record<string, string> = {
    'SMTP Server': smtp.host,
    'SMTP Port': String(smtp.port),
    'Connection Security': 'none',
    'SMTP User Name': smtp.user,
    'SMTP Password': smtp.password,
    'From Email': 'notifications@example.com',
    'From Name': 'Example',
    ...overrides,
  };
  for (const [label, value] of Object.entries(values)) await type(el, label, value);
}

/** Picks OAuth and then `provider`. */
export async function chooseOAuth(el: SmtpSettingsElement, provider: 'Microsoft' | 'Google') {
  field(el, 'OAuth Authentication').click();
  await el.updateComplete;
  field(el, provider).click();
  await el.updateComplete;
}

/** Clicks Test and resolves with the result once the form shows it. */
export async function test(el: SmtpSettingsElement): Promise<TestResponse> {
  const finished = oneEvent(el, 'smtp-settings-test');
  button(el, 'Test').click();
  const { detail } = await finished;
  await el.updateComplete;
  return detail;
}
