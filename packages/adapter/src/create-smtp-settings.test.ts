import { Hono } from 'hono';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  capturingLogger,
  createTestApp,
  leakedSecrets,
  MOUNT,
  newSecretKey,
  ORIGIN,
  PUBLIC_URL,
  STORE_KINDS,
  type TestApp,
  transcript,
} from '../test/app-fixture.js';
import { createSmtpSettings } from './create-smtp-settings.js';
import { SecretKeyError } from './crypto/secret-key.js';
import { memoryStore } from './stores/memory-store.js';
import type { SettingsStore } from './stores/store.js';

/** Every route with a request that would succeed for an admin. */
const ROUTES = [
  { method: 'GET', path: '/settings' },
  { method: 'PUT', path: '/settings', body: { settings: basicDraft() } },
  { method: 'GET', path: '/settings/audit' },
  { method: 'GET', path: '/meta' },
  // A refused loopback port: the test runs and fails fast without leaving the machine.
  {
    method: 'POST',
    path: '/test',
    body: { settings: basicDraft({ host: '127.0.0.1', port: 9, security: 'none' }) },
  },
] as const;

describe.each(STORE_KINDS)('host hooks and protections ($kind store)', ({ open }) => {
  let store: SettingsStore;
  let cleanup: () => Promise<void>;

  beforeEach(() => ({ store, cleanup } = open()));
  afterEach(() => cleanup());

  describe.each(ROUTES)('$method $path', (route) => {
    const call = (app: TestApp) =>
      app.call(route.method, route.path, 'body' in route ? { body: route.body } : {});

    it('answers 401 when authorize says unauthenticated', async () => {
      const res = await call(createTestApp({ store, authorize: () => 'unauthenticated' }));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('answers 403 when authorize says no', async () => {
      const res = await call(createTestApp({ store, authorize: async () => false }));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });

    it('answers 404 when the feature is disabled, before asking authorize', async () => {
      let asked = false;
      const app = createTestApp({
        store,
        enabled: () => false,
        authorize: () => {
          asked = true;
          return true;
        },
      });
      const res = await call(app);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(asked).toBe(false);
    });

    // A route answering with a Response of its own would drop them (Hono merges them only in c.body/c.json).
    it('keeps the headers a host middleware set before it', async () => {
      const host = new Hono();
      host.use(async (c, next) => {
        c.header('X-Request-Id', 'request-1');
        await next();
      });
      host.route(
        MOUNT,
        createSmtpSettings({
          store,
          secretKey: newSecretKey(),
          publicUrl: PUBLIC_URL,
          authorize: () => true,
        }),
      );
      const res = await host.request(`${MOUNT}${route.path}`, {
        method: route.method,
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        ...('body' in route && { body: JSON.stringify(route.body) }),
      });
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('X-Request-Id')).toBe('request-1');
    });

    it('answers 2xx for an admin, with secure headers', async () => {
      const res = await call(createTestApp({ store }));
      expect(res.status).toBe(200);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
    });
  });

  it('waits for hooks that answer with a promise or another thenable', async () => {
    const later = <T>(value: T): PromiseLike<T> => ({
      // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise, as some libraries return
      then: (resolve) => Promise.resolve(value).then(resolve),
    });
    const disabled = createTestApp({ store, enabled: () => later(false) as never });
    expect((await disabled.call('GET', '/settings')).status).toBe(404);
    const refused = createTestApp({ store, authorize: () => later(false) as never });
    expect((await refused.call('GET', '/settings')).status).toBe(403);

    const app = createTestApp({
      store,
      authorize: async () => true,
      tenant: () => later('acme') as never,
      actor: async () => 'carol@example.com',
    });
    expect((await app.call('PUT', '/settings', { body: { settings: basicDraft() } })).status).toBe(200);
    expect(await store.get('acme')).toMatchObject({ version: 1, updatedBy: 'carol@example.com' });
  });

  it('writes nothing when authorize refuses a PUT', async () => {
    await createTestApp({ store, authorize: () => false }).call('PUT', '/settings', {
      body: { settings: basicDraft() },
    });
    expect(await store.get('default')).toBeNull();
  });

  it('refuses a state change from an untrusted origin (CSRF)', async () => {
    const app = createTestApp({ store });
    const res = await app.call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_REJECTED');
    expect(await store.get('default')).toBeNull();
  });

  it('refuses a cross-site request that hides its origin', async () => {
    const res = await createTestApp({ store }).host.request('/api/smtp/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ settings: basicDraft() }),
    });
    expect(res.status).toBe(403);
  });

  it('refuses a form-encoded state change (415), which a cross-site form could send', async () => {
    const res = await createTestApp({ store }).call('PUT', '/settings', {
      body: 'settings=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  // The method check used to come after the CSRF check, which answered 415 to a DELETE without a body.
  it('answers 405 with Allow before looking at Content-Type or Origin', async () => {
    const app = createTestApp({ store });
    const wrongMethods = [
      ['DELETE', '/settings', 'GET, PUT'],
      ['PATCH', '/settings', 'GET, PUT'],
      ['POST', '/settings/audit', 'GET'],
      ['PUT', '/meta', 'GET'],
      ['GET', '/test', 'POST'],
      ['OPTIONS', '/settings', 'GET, PUT'],
    ] as const;
    for (const [method, path, allow] of wrongMethods) {
      const headerSets: Array<Record<string, string>> = [
        {},
        { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      ];
      for (const headers of headerSets) {
        const res = await app.host.request(`${MOUNT}${path}`, { method, headers });
        expect({ method, path, status: res.status, allow: res.headers.get('Allow') }).toEqual({
          method,
          path,
          status: 405,
          allow,
        });
        expect(await res.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
      }
    }
    expect((await app.host.request(`${MOUNT}/settings`, { method: 'HEAD' })).status).toBe(200);
    expect(await store.get('default')).toBeNull();
  });

  it('keeps the feature gate (404) and authorize (401, 403) ahead of 405', async () => {
    const ask = (app: TestApp) => app.host.request(`${MOUNT}/settings`, { method: 'DELETE' });
    expect((await ask(createTestApp({ store, enabled: () => false }))).status).toBe(404);
    expect((await ask(createTestApp({ store, authorize: () => 'unauthenticated' }))).status).toBe(401);
    expect((await ask(createTestApp({ store, authorize: () => false }))).status).toBe(403);
  });

  it('finds its paths under a nested or parameterized mount point', async () => {
    const adapter = createSmtpSettings({
      store,
      secretKey: newSecretKey(),
      publicUrl: PUBLIC_URL,
      authorize: () => true,
    });
    const nested = new Hono().route('/api', new Hono().route('/smtp', adapter));
    const parameterized = new Hono().route('/:org/smtp', adapter);
    const atRoot = new Hono().route('/', adapter);
    for (const [host, base] of [
      [nested, '/api/smtp'],
      [parameterized, '/acme/smtp'],
      [atRoot, ''],
    ] as const) {
      const wrong = await host.request(`${base}/settings`, { method: 'DELETE' });
      expect({ base, status: wrong.status, allow: wrong.headers.get('Allow') }).toEqual({
        base,
        status: 405,
        allow: 'GET, PUT',
      });
      expect((await host.request(`${base}/meta`)).status).toBe(200);
      const unknown = await host.request(`${base}/meta/other`, {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(unknown.status).toBe(404);
    }
  });

  it('accepts extra trusted origins and non-browser clients without Origin', async () => {
    const app = createTestApp({ store, trustedOrigins: [ORIGIN, 'https://admin.example.test'] });
    const fromAdmin = await app.call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { Origin: 'https://admin.example.test' },
    });
    expect(fromAdmin.status).toBe(200);
    const fromScript = await app.host.request('/api/smtp/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'If-Match': '1' },
      body: JSON.stringify({ settings: basicDraft({ port: 2525 }) }),
    });
    expect(fromScript.status).toBe(200);
  });

  it('lets exactly one of 50 concurrent saves with the same If-Match win', async () => {
    const app = createTestApp({ store });
    await app.call('PUT', '/settings', { body: { settings: basicDraft() } });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.call('PUT', '/settings', {
          body: { settings: basicDraft({ fromName: `Writer ${i}` }) },
          headers: { 'If-Match': '"1"' },
        }),
      ),
    );
    const winners = results.filter((res) => res.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((res) => res.status === 409)).toHaveLength(49);
    const stored = await app.call('GET', '/settings');
    expect(stored.body.version).toBe(2);
    expect(stored.body.settings.fromName).toBe(winners[0]?.body.settings.fromName);
    expect((await app.call('GET', '/settings/audit')).body.entries).toHaveLength(2);
  });

  it('answers 500 without details when a hook throws, and logs no secret', async () => {
    const app = createTestApp({
      store,
      actor: () => {
        throw new Error('session store unreachable');
      },
    });
    const before = transcript.length;
    const res = await app.call('PUT', '/settings', { body: { settings: basicDraft() } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'The server could not complete the request',
        messageKey: 'error.internal',
      },
    });
    expect(transcript.slice(before).join('\n')).toContain('session store unreachable');
    expect(await store.get('default')).toBeNull();
  });

  it('never returned or logged a secret', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});

describe('startup checks', () => {
  const base = () => ({
    store: memoryStore(),
    secretKey: newSecretKey(),
    publicUrl: PUBLIC_URL,
    authorize: () => true,
    logger: capturingLogger,
  });

  it('fails without a secret key and says how to make one', () => {
    expect(() => createSmtpSettings({ ...base(), secretKey: '' })).toThrow(SecretKeyError);
    expect(() => createSmtpSettings({ ...base(), secretKey: '' })).toThrow(/randomBytes\(32\)/);
  });

  it('fails with a short key', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => createSmtpSettings({ ...base(), secretKey: short })).toThrow(
      /decodes to 16 bytes; AES-256-GCM needs exactly 32/,
    );
  });

  it('fails with a relative or query-carrying public URL', () => {
    expect(() => createSmtpSettings({ ...base(), publicUrl: '/api/smtp' })).toThrow(/publicUrl/);
    expect(() => createSmtpSettings({ ...base(), publicUrl: 'https://x.test/api?a=1' })).toThrow(/publicUrl/);
    expect(() => createSmtpSettings({ ...base(), publicUrl: 'ftp://x.test/api' })).toThrow(/publicUrl/);
  });

  it('fails with a store that cannot say its revision', () => {
    const { getRevision: _none, ...store } = memoryStore();
    expect(() => createSmtpSettings({ ...base(), store: store as never })).toThrow(/getRevision\(tenant\)/);
  });

  it('fails with a store that cannot save a rotated secret without a new version', () => {
    const { rotateSecret: _none, ...store } = memoryStore();
    expect(() => createSmtpSettings({ ...base(), store: store as never })).toThrow(
      /rotateSecret\(tenant, rotation, version\)/,
    );
  });

  it('fails with a store that cannot record a Test in the audit trail', () => {
    const { recordAudit: _none, ...store } = memoryStore();
    expect(() => createSmtpSettings({ ...base(), store: store as never })).toThrow(
      /recordAudit\(tenant, entry\)/,
    );
  });

  it('fails without authorize', () => {
    const { authorize: _none, ...rest } = base();
    expect(() => createSmtpSettings(rest as never)).toThrow(/authorize/);
  });
});

afterAll(() => {
  expect(leakedSecrets()).toEqual([]);
});
