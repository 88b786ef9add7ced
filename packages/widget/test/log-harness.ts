/**
 * Browser-side helpers for tests of `<smtp-delivery-log>`: save settings and wait for mail through the
 * harness adapter, mount the log against it, and read it as the admin does.
 *
 * @module
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { DeliveryStatus } from '@smtp-settings/schema';
import { createClient } from '../src/api/client.js';
import { listDeliveries } from '../src/api/deliveries.js';
import { putSettings } from '../src/api/requests.js';
import { runTest } from '../src/api/run-test.js';
import type { SmtpDeliveryLogElement } from '../src/delivery-log/delivery-log.js';
import type { SmtpDeliveryLogStrings } from '../src/delivery-log/strings.js';
import { basicSettings, ENDPOINT, testSmtpServer } from './adapter-fixture.js';

/** A client of the harness adapter, for what a test does besides the log. */
export const client = createClient(ENDPOINT);

/** The log's shadow root, where it renders. */
export function shadow(el: SmtpDeliveryLogElement): ShadowRoot {
  if (!el.shadowRoot) throw new Error('<smtp-delivery-log> has no shadow root');
  return el.shadowRoot;
}

/** What the log says, its white space collapsed. */
export function text(el: SmtpDeliveryLogElement): string {
  return (shadow(el).textContent ?? '').replace(/\s+/g, ' ');
}

/** The button whose visible text is `name`. */
export function button(el: SmtpDeliveryLogElement, name: string): HTMLButtonElement {
  const found = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

/** Each row of the list as the admin reads it: time, recipients, subject, status. */
export function rows(el: SmtpDeliveryLogElement): string[][] {
  return [...shadow(el).querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

/** Saves Basic settings that reach the test SMTP server, as an admin would: a passing test, then Save. */
export async function saveSettings() {
  const settings = basicSettings(await testSmtpServer());
  const { receipt } = await runTest(client, { settings });
  await putSettings(client, { settings, version: 0, ...(receipt && { receipt }) });
}

/** Waits until every message of `ids` shows `status` in the log, read through the adapter. */
export async function settled(ids: readonly string[], status: DeliveryStatus) {
  await waitUntil(
    async () => {
      const { deliveries } = await listDeliveries(client, { status, limit: 200 });
      return ids.every((id) => deliveries.some((delivery) => delivery.id === id));
    },
    `the messages never showed ${status}`,
    { timeout: 8000, interval: 50 },
  );
}

/** Mounts the log against the harness adapter, polling every 150 ms, and waits for its first page. */
export async function mount(
  attributes: { pageSize?: number; strings?: Partial<SmtpDeliveryLogStrings> } = {},
): Promise<SmtpDeliveryLogElement> {
  const el = await fixture<SmtpDeliveryLogElement>(
    html`<smtp-delivery-log endpoint=${ENDPOINT} poll-interval="150" page-size=${attributes.pageSize ?? 25}
      .strings=${attributes.strings ?? {}}></smtp-delivery-log>`,
  );
  await waitUntil(() => !el.shadowRoot?.querySelector('[aria-busy="true"]'), 'the log never loaded', {
    timeout: 5000,
  });
  return el;
}

/** Opens the message whose subject is `subject` and waits for its detail. */
export async function open(el: SmtpDeliveryLogElement, subject: string) {
  button(el, subject).click();
  await waitUntil(() => shadow(el).querySelector('[part~="detail"]'), 'the detail never opened', {
    timeout: 5000,
  });
}
