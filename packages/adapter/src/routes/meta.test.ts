import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app-fixture.js';
import { DEFAULT_PRESETS } from '../meta/presets.js';
import { memoryStore } from '../stores/memory-store.js';

describe('GET /meta', () => {
  it('derives redirect URIs from publicUrl, never from the Host header', async () => {
    const app = createTestApp({
      store: memoryStore(),
      publicUrl: 'https://mail-admin.example.test/api/smtp/',
    });
    const res = await app.call('GET', '/meta', { headers: { Host: 'attacker.example' } });
    expect(res.status).toBe(200);
    expect(res.body.redirectUris).toEqual({
      microsoft: 'https://mail-admin.example.test/api/smtp/oauth/microsoft/callback',
      google: 'https://mail-admin.example.test/api/smtp/oauth/google/callback',
    });
  });

  it('lists providers, the save rule, presets and the body limit', async () => {
    const res = await createTestApp({ store: memoryStore(), requireTestBeforeSave: false }).call(
      'GET',
      '/meta',
    );
    expect(res.body).toMatchObject({
      providers: ['microsoft', 'google'],
      requireTestBeforeSave: false,
      maxBodyBytes: 64 * 1024,
    });
    expect(res.body.presets.map((preset: { id: string }) => preset.id)).toEqual([
      'microsoft365',
      'gmail',
      'ses',
      'sendgrid',
      'mailgun',
      'postmark',
      'local',
    ]);
    expect(res.body.presets[0]).toMatchObject({
      host: 'smtp.office365.com',
      port: 587,
      security: 'starttls',
    });
    // Each label and note comes with the key a translation replaces it by.
    expect(res.body.presets.at(-1)).toMatchObject({
      label: 'Local development server',
      labelKey: 'preset.local',
      note: 'For a mail catcher on this machine; never for production.',
      noteKey: 'presetNote.local',
    });
    expect(res.body.presets.find((preset: { id: string }) => preset.id === 'mailgun')).not.toHaveProperty(
      'noteKey',
    );
  });

  it('serves the host-supplied presets instead of the defaults', async () => {
    const presets = [
      { id: 'corp', label: 'Corporate relay', host: 'relay.corp.test', port: 25, security: 'none' as const },
    ];
    const res = await createTestApp({ store: memoryStore(), presets }).call('GET', '/meta');
    expect(res.body.presets).toEqual(presets);
    expect(DEFAULT_PRESETS.length).toBeGreaterThan(1);
  });
});
