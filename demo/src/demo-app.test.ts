import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetaResponse, SettingsResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApp } from './demo-app.js';

const origin = 'http://127.0.0.1:8025';

describe('demo app', () => {
  let tempDir: string;
  let dataDir: string;
  beforeEach(() => {
    tempDir = mkdtempSync(join(tmpdir(), 'smtp-settings-demo-'));
    // Like demo/.data on a fresh clone: the folder does not exist yet.
    dataDir = join(tempDir, 'fresh-clone', '.data');
  });
  afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

  it('serves the page and the adapter at /api/smtp', async () => {
    const { app, store } = createDemoApp({ dataDir, origin });
    expect(await (await app.request('/')).text()).toContain('smtp-settings demo');
    const meta = (await (await app.request('/api/smtp/meta')).json()) as MetaResponse;
    expect(meta.redirectUris.google).toBe(`${origin}/api/smtp/oauth/google/callback`);
    await store.close();
  });

  it('keeps settings and its generated key across restarts', async () => {
    const first = createDemoApp({ dataDir, origin });
    const saved = await first.app.request('/api/smtp/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({
        settings: {
          authType: 'basic',
          host: 'localhost',
          port: 1025,
          security: 'none',
          password: 'demo-password',
          fromEmail: 'notifications@example.com',
        },
      }),
    });
    expect(saved.status).toBe(200);
    await first.store.close();
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const second = createDemoApp({ dataDir, origin });
    const kept = await second.app.request('/api/smtp/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Origin: origin, 'If-Match': '1' },
      body: JSON.stringify({
        settings: {
          authType: 'basic',
          host: 'localhost',
          port: 2525,
          security: 'none',
          password: { keep: true },
          fromEmail: 'notifications@example.com',
        },
      }),
    });
    // Keeping the password proves the second run decrypted it with the same generated key.
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as SettingsResponse).settings).toMatchObject({ password: { set: true } });
    await second.store.close();
  });
});
