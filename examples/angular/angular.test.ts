import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createSmtpSettings } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminForm } from '../../demo/e2e/admin-form.js';
import { launchChromium } from '../../demo/e2e/chromium.js';
import { type Backend, PASSWORD, startBackend, USER } from '../test/journey.js';
import { buildAngularApp } from './test/angular-app.js';

let backend: Backend;
let server: Server;
let browser: Browser;
let url: string;
beforeAll(async () => {
  const app = await buildAngularApp();
  backend = await startBackend();
  // The adapter trusts its own origin, known once the server listens.
  let listener: (request: IncomingMessage, response: ServerResponse) => void = () => undefined;
  server = createServer((request, response) => listener(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host = new Hono()
    .route(
      '/api/smtp',
      createSmtpSettings({ config: backend.config, publicUrl: `${url}/api/smtp`, authorize: () => true }),
    )
    .get('/', (c) => c.html(app.html))
    .get('/main.js', (c) => c.body(app.script, 200, { 'Content-Type': 'text/javascript' }));
  listener = getRequestListener(host.fetch);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  await backend?.close();
});

/** The example's page, and what Angular, the element and the component wrote to the console. */
async function openPage(): Promise<{ page: Page; errors: string[]; logs: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const logs: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    else logs.push(message.text());
  });
  await page.goto(url);
  return { page, errors, logs };
}

describe('the Angular example, compiled by ngc and bundled with the linker', () => {
  it('renders <smtp-settings> inside the Angular component, with the bound strings property', async () => {
    const { page, errors } = await openPage();
    const element = page.locator('app-mail-settings > smtp-settings');

    // The button's name comes from `[strings]`, so it shows only once the property reached the element.
    await element.getByRole('button', { name: 'Save mail settings' }).waitFor();
    expect(await element.getAttribute('endpoint')).toBe('/api/smtp');
    // A property, not an attribute: Angular handed the element the object itself.
    expect(await element.evaluate((el) => (el as unknown as { strings: unknown }).strings)).toEqual({
      save: 'Save mail settings',
    });
    expect(await element.getAttribute('strings')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("hands the element's save event to the component's (smtp-settings-save) handler", async () => {
    const { page, errors, logs } = await openPage();
    const form = adminForm(page);
    await form.fill({ 'SMTP Server': backend.server.host, 'SMTP Port': String(backend.server.port) });
    await form.field('Connection Security').selectOption({ label: 'STARTTLS' });
    await form.fill({ 'SMTP User Name': USER, 'SMTP Password': PASSWORD, 'From Email': 'app@example.test' });
    await form.test();
    await form.shows('The connection works.');

    await form.button('Save mail settings').click();

    await expect.poll(() => logs).toContain('version 1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
