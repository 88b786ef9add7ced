import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  createTestApp,
  googleDraft,
  leakedSecrets,
  microsoftDraft,
  newSecretKey,
  SECRETS,
  STORE_KINDS,
  type TestApp,
  transcript,
} from '../../test/app-fixture.js';
import type { SettingsStore } from '../stores/store.js';

describe.each(STORE_KINDS)('settings routes ($kind store)', ({ open }) => {
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let api: TestApp;

  beforeEach(() => {
    ({ store, cleanup } = open());
    api = createTestApp({ store, actor: () => 'alice@example.com' });
  });
  afterEach(() => cleanup());

  const save = (settings: unknown, version?: number) =>
    api.call('PUT', '/settings', {
      body: { settings },
      headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
    });

  it('answers an empty view before the first save', async () => {
    const res = await api.call('GET', '/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      settings: null,
      version: 0,
      updatedAt: null,
      updatedBy: null,
      tokenHealth: null,
    });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('saves basic settings and returns the public view with secrets masked', async () => {
    const res = await save(basicDraft());
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe('"1"');
    expect(res.body).toMatchObject({ version: 1, updatedBy: 'alice@example.com' });
    expect(res.body.settings).toEqual({
      authType: 'basic',
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      username: 'mailer@example.com',
      password: { set: true },
      fromEmail: 'notifications@example.com',
      fromName: 'Example App',
    });
    const reread = await api.call('GET', '/settings');
    expect(reread.body).toEqual(res.body);
    expect(reread.headers.get('ETag')).toBe('"1"');
  });

  it('stores secrets sealed, never as plaintext', async () => {
    await save(microsoftDraft());
    const record = await store.get('default');
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(SECRETS.clientSecret);
    expect(stored).not.toContain(SECRETS.refreshToken);
    expect(record?.settings.clientSecret).toMatch(/^v1\./);
  });

  it('saves Microsoft and Google settings', async () => {
    const microsoft = await save(microsoftDraft());
    expect(microsoft.body.settings).toMatchObject({
      provider: 'microsoft',
      clientSecret: { set: true },
      refreshToken: { set: true },
    });
    const google = await save(googleDraft(), 1);
    expect(google.status).toBe(200);
    expect(google.body.settings).toMatchObject({
      provider: 'google',
      clientSecret: { set: true },
      refreshToken: { set: false },
    });
  });

  it('requires If-Match once settings exist (428)', async () => {
    await save(basicDraft());
    const res = await save(basicDraft({ port: 465, security: 'tls' }));
    expect(res.status).toBe(428);
    expect(res.body.error.code).toBe('VERSION_REQUIRED');
  });

  it('refuses a stale version with 409 and keeps the stored settings', async () => {
    await save(basicDraft());
    await save(basicDraft({ host: 'smtp2.example.com' }), 1);
    const res = await save(basicDraft({ host: 'stale.example.com' }), 1);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
    const current = await api.call('GET', '/settings');
    expect(current.body.settings.host).toBe('smtp2.example.com');
    expect(current.body.version).toBe(2);
  });

  it('refuses an If-Match on the first save that is not 0', async () => {
    const res = await save(basicDraft(), 3);
    expect(res.status).toBe(409);
    expect(await store.get('default')).toBeNull();
  });

  it('accepts If-Match as 3, "3" and W/"3", and refuses garbage', async () => {
    await save(basicDraft());
    const bare = await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ port: 2525 }) },
      headers: { 'If-Match': '1' },
    });
    expect(bare.status).toBe(200);
    const weak = await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ port: 2526 }) },
      headers: { 'If-Match': 'W/"2"' },
    });
    expect(weak.status).toBe(200);
    const garbage = await api.call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { 'If-Match': 'latest' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('keeps a stored secret when it is omitted or sent as { keep: true }', async () => {
    await save(basicDraft());
    const sealed = (await store.get('default'))?.settings.password;
    const { password: _omitted, ...withoutPassword } = basicDraft({ fromName: 'Renamed' });
    expect((await save(withoutPassword, 1)).body.settings.password).toEqual({ set: true });
    expect((await save(basicDraft({ fromName: 'Renamed again', password: { keep: true } }), 2)).status).toBe(
      200,
    );
    const record = await store.get('default');
    expect(record?.settings.password).toBe(sealed);
    expect(record?.version).toBe(3);
  });

  it('replaces a secret sent as a new value and clears one sent as { clear: true }', async () => {
    await save(basicDraft());
    const before = (await store.get('default'))?.settings.password;
    await save(basicDraft({ password: SECRETS.otherPassword }), 1);
    const after = (await store.get('default'))?.settings.password;
    expect(after).not.toBe(before);
    const cleared = await save(basicDraft({ password: { clear: true } }), 2);
    expect(cleared.body.settings.password).toEqual({ set: false });
    expect((await store.get('default'))?.settings).not.toHaveProperty('password');
  });

  it('never carries a secret into another authentication type or provider', async () => {
    await save(microsoftDraft());
    const res = await save(googleDraft({ clientSecret: { keep: true } }), 1);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ clientSecret: 'Enter the client secret' });
    const toBasic = await save(basicDraft({ password: { keep: true } }), 1);
    expect(toBasic.body.settings.password).toEqual({ set: false });
    expect(await store.get('default')).not.toHaveProperty('settings.clientSecret');
  });

  it('requires a client secret for OAuth', async () => {
    const { clientSecret: _omitted, ...draft } = microsoftDraft();
    const res = await save(draft);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Some fields need attention',
      messageKey: 'error.fieldsInvalid',
      fields: { clientSecret: 'Enter the client secret' },
    });
  });

  it('saves OAuth settings whose refresh token was cleared, for "Get Refresh Token" to follow', async () => {
    await save(microsoftDraft());
    const res = await save(microsoftDraft({ refreshToken: { clear: true } }), 1);
    expect(res.status).toBe(200);
    expect(res.body.settings.refreshToken).toEqual({ set: false });
    expect(res.body.tokenHealth).toBeNull();
  });

  it('answers field-level errors relative to the settings and changes nothing', async () => {
    await save(basicDraft());
    const res = await save(
      basicDraft({ host: 'smtp://mail.example.com', port: 70000, fromName: 'Ops\r\nBcc: x@evil.test' }),
      1,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['fromName', 'host', 'port']);
    expect(res.body.error.fields.port).toBe('Port must be a whole number from 1 to 65535');
    expect(JSON.stringify(res.body)).not.toContain('evil.test');
    expect((await store.get('default'))?.version).toBe(1);
  });

  it('never echoes a refused secret', async () => {
    const res = await save(basicDraft({ password: `${SECRETS.password}\u0000` }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('password');
    expect(JSON.stringify(res.body)).not.toContain(SECRETS.password);
  });

  it('refuses unknown fields and a body without settings', async () => {
    const extra = await api.call('PUT', '/settings', { body: { settings: basicDraft({ isAdmin: true }) } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toHaveProperty('isAdmin');
    const wrapped = await api.call('PUT', '/settings', { body: basicDraft() });
    expect(wrapped.status).toBe(400);
    expect(wrapped.body.error.code).toBe('VALIDATION_FAILED');
    expect(await store.get('default')).toBeNull();
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await api.call('PUT', '/settings', { body: '{"settings": {' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request body is not valid JSON',
      messageKey: 'error.invalidJson',
    });
  });

  it('answers 413 for an oversized body and stores nothing', async () => {
    const res = await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ fromName: 'x'.repeat(70 * 1024) }) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await store.get('default')).toBeNull();
  });

  it('does not bump the version when nothing changed', async () => {
    await save(basicDraft());
    const res = await save(basicDraft({ password: { keep: true } }), 1);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });

  it('keeps tenants apart', async () => {
    let tenant = 'acme';
    const app = createTestApp({ store, tenant: () => tenant });
    await app.call('PUT', '/settings', { body: { settings: basicDraft() } });
    tenant = 'globex';
    expect((await app.call('GET', '/settings')).body.settings).toBeNull();
  });

  it('never serves one tenant the view another tenant read before', async () => {
    const app = createTestApp({ store, tenant: (c) => c.req.header('X-Tenant') ?? 'none' });
    const as = (tenant: string, call: 'GET' | 'PUT' = 'GET', host?: string) =>
      app.call(call, '/settings', {
        headers: { 'X-Tenant': tenant },
        ...(host && { body: { settings: basicDraft({ host }) } }),
      });
    await as('acme', 'PUT', 'smtp.acme.example');
    await as('globex', 'PUT', 'smtp.globex.example');
    for (let round = 0; round < 2; round++) {
      expect((await as('acme')).body.settings.host).toBe('smtp.acme.example');
      expect((await as('globex')).body.settings.host).toBe('smtp.globex.example');
      expect((await as('initech')).body.settings).toBeNull();
    }
  });

  it('answers 304 to If-None-Match naming the current version, and the new view once it changed', async () => {
    const conditional = (tag: string) => api.call('GET', '/settings', { headers: { 'If-None-Match': tag } });
    expect((await conditional('*')).status).toBe(200);
    await save(basicDraft());
    for (const tag of ['"1"', 'W/"1"', '"7", "1"', '*']) {
      const res = await conditional(tag);
      expect(res.status, tag).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.get('ETag')).toBe('"1"');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
    }
    expect((await conditional('"2"')).status).toBe(200);

    await save(basicDraft({ host: 'smtp2.example.com' }), 1);
    const changed = await conditional('"1"');
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).toBe('"2"');
    expect(changed.body).toMatchObject({ version: 2, settings: { host: 'smtp2.example.com' } });
  });

  it('shows a write made directly in the store on the next GET', async () => {
    await save(basicDraft());
    expect((await api.call('GET', '/settings')).body.version).toBe(1);
    const current = await store.get('default');
    if (!current) throw new Error('the save above stored nothing');
    await store.put(
      'default',
      {
        ...current,
        settings: { ...current.settings, host: 'elsewhere.example.com' },
        changedFields: ['host'],
      },
      1,
    );
    const res = await api.call('GET', '/settings');
    expect(res.headers.get('ETag')).toBe('"2"');
    expect(res.body).toMatchObject({ version: 2, settings: { host: 'elsewhere.example.com' } });
  });

  it('re-seals kept secrets with the new primary key after rotation', async () => {
    const oldKey = newSecretKey();
    const newKey = newSecretKey();
    const before = createTestApp({ store, secretKey: oldKey });
    await before.call('PUT', '/settings', { body: { settings: basicDraft() } });
    const sealedWithOld = (await store.get('default'))?.settings.password;

    const rotated = createTestApp({ store, secretKey: [newKey, oldKey] });
    const res = await rotated.call('PUT', '/settings', {
      body: { settings: basicDraft({ password: { keep: true } }) },
      headers: { 'If-Match': '1' },
    });
    expect(res.status).toBe(200);
    const sealedWithNew = (await store.get('default'))?.settings.password;
    expect(sealedWithNew).not.toBe(sealedWithOld);

    // Only the new key is left: the re-sealed secret must still open, so a save that keeps it works.
    const newOnly = createTestApp({ store, secretKey: newKey });
    const kept = await newOnly.call('PUT', '/settings', {
      body: { settings: basicDraft({ fromName: 'Renamed', password: { keep: true } }) },
      headers: { 'If-Match': String(res.body.version) },
    });
    expect(kept.status).toBe(200);
  });

  it('reports a tampered stored secret clearly instead of crashing', async () => {
    await save(basicDraft());
    const record = await store.get('default');
    const sealed = record?.settings.password as string;
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    await store.put(
      'default',
      {
        settings: { ...record?.settings, password: flipped },
        updatedAt: new Date().toISOString(),
        updatedBy: 'attacker',
        changedFields: [],
      },
      1,
    );
    const res = await save(basicDraft({ fromName: 'Renamed', password: { keep: true } }), 2);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SECRET_UNREADABLE');
    expect(res.body.error.fields).toEqual({
      password: 'The saved value can no longer be decrypted. Enter it again.',
    });
    expect(JSON.stringify(res.body)).not.toContain(flipped);
    const recovered = await save(basicDraft({ port: 2525, password: SECRETS.otherPassword }), 2);
    expect(recovered.status).toBe(200);
  });

  it('answers a stored record it cannot read with 500, logging the fields but never their values', async () => {
    await save(basicDraft());
    const record = await store.get('default');
    const settings = { ...record?.settings, port: 'v1.not-a-port' };
    await store.put('default', { settings, updatedAt: '', updatedBy: 'hand', changedFields: [] }, 1);
    const logged = transcript.length;

    const res = await api.call('GET', '/settings');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
    expect((await save(basicDraft({ password: { keep: true } }), 2)).status).toBe(500);
    const lines = transcript.slice(logged).filter((line) => line.includes('StoredSettingsInvalidError'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/stored settings of tenant \\?"default\\?" are not valid \(port\)/);
    expect(lines.join('\n')).not.toContain('not-a-port');
    expect((await store.get('default'))?.version).toBe(2);
  });

  it('answers 405 with Allow for other methods', async () => {
    const res = await api.call('DELETE', '/settings', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, PUT');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 405, not 415, to a DELETE or PATCH without a Content-Type', async () => {
    for (const method of ['DELETE', 'PATCH']) {
      const res = await api.call(method, '/settings');
      expect(res.status).toBe(405);
      expect(res.headers.get('Allow')).toBe('GET, PUT');
      expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('never returned a secret in any response', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});

afterAll(() => {
  expect(leakedSecrets()).toEqual([]);
});
