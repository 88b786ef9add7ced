import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SettingsResponse } from '@smtp-settings/schema';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietDemoLogger } from '../src/demo-logger.js';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from '../src/local-oauth/local-providers.js';
import { type RunningDemo, startDemo } from '../src/start-demo.js';
import { adminForm } from './admin-form.js';
import { launchChromium } from './chromium.js';

const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/** A port on 127.0.0.1 that was free a moment ago, for a server that must know its origin before it starts. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The README's setup for an app behind Vite, run with the demo's own vite.config.ts: the pages come from
// Vite's dev server, whose proxy passes /api/smtp and /demo/ to the demo with the browser's Origin as is.
describe('the demo pages behind Vite’s dev server', { timeout: 120_000 }, () => {
  let dataDir: string;
  let demo: RunningDemo;
  let vite: ViteDevServer;
  let browser: Browser;
  let viteOrigin: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'smtp-settings-vite-'));
    const port = await freePort();
    viteOrigin = `http://localhost:${port}`;
    demo = await startDemo({
      dataDir,
      port: 0,
      smtpPort: 0,
      oauth: 'local',
      logger: quietDemoLogger,
      trustedOrigins: [viteOrigin],
    });
    // The config reads the demo's port from PORT, as `PORT=… npm run dev -w @smtp-settings/demo` would.
    const previousPort = process.env.PORT;
    process.env.PORT = new URL(demo.url).port;
    try {
      vite = await createServer({
        configFile: VITE_CONFIG,
        // Only the port differs from `npm run dev`: a free one instead of 5173.
        server: { port, host: '127.0.0.1' },
        cacheDir: join(dataDir, 'vite-cache'),
        logLevel: 'silent',
      });
    } finally {
      if (previousPort === undefined) delete process.env.PORT;
      else process.env.PORT = previousPort;
    }
    await vite.listen();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tests and saves through the proxy from the trusted dev origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${viteOrigin}/`);
    const form = adminForm(page);
    await form.field('SMTP Server').waitFor();
    await form.fillBasic(demo.smtp);
    expect(await (await form.test()).innerText()).toContain('The connection works.');
    await form.save();
    await page.close();
    // Saved in the demo itself, not only shown as saved.
    const saved = (await (await fetch(`${demo.url}/api/smtp/settings`)).json()) as SettingsResponse;
    expect(saved.settings).toMatchObject({ host: demo.smtp.host, password: { set: true } });
  });

  it('gets a Microsoft refresh token through the popup, which comes back to the page at the dev origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${viteOrigin}/`);
    const form = adminForm(page);
    await form.chooseOAuth('Microsoft');
    await form.fill({
      'Client ID': LOCAL_CLIENTS.microsoft.clientId,
      'Client Secret': LOCAL_CLIENTS.microsoft.clientSecret,
      'Tenant ID': LOCAL_CLIENTS.microsoft.tenantId,
    });
    const popupOpened = page.waitForEvent('popup');
    await form.button('Get Refresh Token').click();
    const popup = await popupOpened;
    const accept = popup.getByRole('button', { name: 'Accept', exact: true });
    await Promise.all([popup.waitForEvent('close', { timeout: 20_000 }), accept.click()]);
    await form.shows(`Connected as ${LOCAL_ACCOUNTS.microsoft}`);
    await page.close();
  });

  it('shows the origin it refused and the option to trust it, on a page from an origin the demo does not trust', async () => {
    // The same dev server under another name is another origin, as a second Vite port would be.
    const untrusted = viteOrigin.replace('localhost', '127.0.0.1');
    const page = await browser.newPage();
    await page.goto(`${untrusted}/`);
    const form = adminForm(page);
    await form.field('SMTP Server').waitFor();
    await form.fillBasic(demo.smtp);
    await form.button('Test').click();
    await form.shows(`This request came from origin "${untrusted}", which the server does not trust.`);
    expect(await form.text()).toContain("add its origin to the adapter's `trustedOrigins` option");
    await page.close();
  });
});
