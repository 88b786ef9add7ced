import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetaResponse, SettingsResponse, TestResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApp } from './demo-app.js';
import { type DevSmtpServer, startDevSmtpServer } from './dev-smtp-server.js';

const origin = 'http://127.0.0.1:8025';

describe('demo app', () => {
  let tempDir: string;
  let dataDir: string;
  let smtp: DevSmtpServer;
  let devSmtp: { host: string; port: number; user: string; password: string };

  beforeEach(async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'smtp-settings-demo-'));
    // Like demo/.data on a fresh clone: the folder does not exist yet.
    dataDir = join(tempDir, 'fresh-clone', '.data');
    smtp = await startDevSmtpServer({ port: 0, user: 'demo', password: 'demo-password' });
    devSmtp = { host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password };
  });
  afterEach(async () => {
    await smtp.close();
    rmSync(tempDir, { recursive: true, force: true });
  });

  const json = { 'Content-Type': 'application/json', Origin: origin };
  const settings = (password: unknown) => ({
    authType: 'basic',
    host: devSmtp.host,
    port: devSmtp.port,
    security: 'none',
    username: devSmtp.user,
    password,
    fromEmail: 'notifications@example.com',
  });

  it('serves the page, the dev server details and the adapter at /api/smtp', async () => {
    const { app, store } = createDemoApp({ dataDir, origin, devSmtp });
    expect(await (await app.request('/')).text()).toContain('smtp-settings demo');
    expect(await (await app.request('/demo/dev-smtp')).json()).toEqual(devSmtp);
    const meta = (await (await app.request('/api/smtp/meta')).json()) as MetaResponse;
    expect(meta.redirectUris.google).toBe(`${origin}/api/smtp/oauth/google/callback`);
    expect(meta.requireTestBeforeSave).toBe(true);
    await store.close();
  });

  it('tests against the dev mail server, saves with the receipt, and keeps its key across restarts', async () => {
    const first = createDemoApp({ dataDir, origin, devSmtp });
    const tested = (await (
      await first.app.request('/api/smtp/test', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ settings: settings('demo-password'), sendTo: 'admin@example.com' }),
      })
    ).json()) as TestResponse;
    expect(tested.ok).toBe(true);
    expect(smtp.received()).toBe(1);

    const saved = await first.app.request('/api/smtp/settings', {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ settings: settings('demo-password'), receipt: tested.receipt }),
    });
    expect(saved.status).toBe(200);
    await first.store.close();
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    // Testing with the kept password proves the second run decrypted it with the same generated key.
    const second = createDemoApp({ dataDir, origin, devSmtp });
    const retested = (await (
      await second.app.request('/api/smtp/test', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ settings: settings({ keep: true }) }),
      })
    ).json()) as TestResponse;
    expect(retested.ok).toBe(true);
    const reread = (await (await second.app.request('/api/smtp/settings')).json()) as SettingsResponse;
    expect(reread.settings).toMatchObject({ password: { set: true }, port: devSmtp.port });
    await second.store.close();
  });
});
