import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../stores/memory-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import type { SettingsStore, SettingsWrite } from '../stores/store.js';
import { createPublicViews } from './public-views.js';

const DAY = 24 * 60 * 60_000;

const basic = (host: string): SettingsWrite => ({
  settings: {
    authType: 'basic',
    host,
    port: 587,
    security: 'starttls',
    username: 'mailer',
    password: 'v1.sealed-password',
    fromEmail: 'notifications@example.com',
  },
  updatedAt: '2026-11-25T12:00:00.000Z',
  updatedBy: 'alice',
  changedFields: ['host'],
});

/** Google settings as a save stores them, with the connection's dates. */
const google = (connection: Record<string, string> = {}) => ({
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'v1.sealed',
  refreshToken: 'v1.sealed',
  fromEmail: 'notifications@example.com',
  connection: { scopes: [], obtainedAt: '2026-11-20T00:00:00Z', ...connection },
});

/** A store that counts full reads, to tell a reused view from a rebuilt one. */
function countingStore(inner: SettingsStore) {
  const counts = { get: 0, getRevision: 0 };
  const store: SettingsStore = {
    ...inner,
    get: (tenant) => {
      counts.get++;
      return inner.get(tenant);
    },
    getRevision: (tenant) => {
      counts.getRevision++;
      return inner.getRevision(tenant);
    },
  };
  return { store, counts };
}

const now = () => new Date('2026-11-25T12:00:00Z');

describe('createPublicViews', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('reuses the serialized view while the revision holds, checking the revision on every read', async () => {
    const { store, counts } = countingStore(memoryStore());
    await store.put('acme', basic('smtp.example.com'), 0);
    const views = createPublicViews(store, now);

    const first = await views.current('acme');
    expect(JSON.parse(first.json)).toMatchObject({ version: 1, settings: { host: 'smtp.example.com' } });
    expect(first.etag).toBe('"1"');
    for (let i = 0; i < 5; i++) expect(await views.current('acme')).toBe(first);
    expect(counts).toEqual({ get: 1, getRevision: 6 });
  });

  it('never puts a secret in the view', async () => {
    const store = memoryStore();
    await store.put('acme', basic('smtp.example.com'), 0);
    const { json } = await createPublicViews(store, now).current('acme');
    expect(json).not.toContain('sealed-password');
    expect(JSON.parse(json).settings.password).toEqual({ set: true });
  });

  it('rebuilds the view and its ETag when the version changes', async () => {
    const store = memoryStore();
    const views = createPublicViews(store, now);
    expect(await views.current('acme')).toMatchObject({ version: 0, etag: undefined });
    await store.put('acme', basic('one.example.com'), 0);
    const one = await views.current('acme');
    await store.put('acme', basic('two.example.com'), 1);
    const two = await views.current('acme');
    expect([one.etag, two.etag]).toEqual(['"1"', '"2"']);
    expect(JSON.parse(two.json)).toMatchObject({ version: 2, settings: { host: 'two.example.com' } });
  });

  it('shows a write made through another handle on the same database on the next read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'public-views-'));
    const filename = join(dir, 'settings.db');
    const reader = sqliteStore({ filename });
    const writer = sqliteStore({ filename });
    cleanups.push(() => {
      void reader.close();
      void writer.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const views = createPublicViews(reader, now);
    await writer.put('acme', basic('one.example.com'), 0);
    expect(JSON.parse((await views.current('acme')).json).settings.host).toBe('one.example.com');
    await writer.put('acme', basic('two.example.com'), 1);
    const seen = await views.current('acme');
    expect(seen.etag).toBe('"2"');
    expect(JSON.parse(seen.json).settings.host).toBe('two.example.com');
  });

  it('keeps tenants apart', async () => {
    const store = memoryStore();
    await store.put('acme', basic('acme.example.com'), 0);
    await store.put('globex', basic('globex.example.com'), 0);
    const views = createPublicViews(store, now);
    for (let round = 0; round < 2; round++) {
      expect(JSON.parse((await views.current('acme')).json).settings.host).toBe('acme.example.com');
      expect(JSON.parse((await views.current('globex')).json).settings.host).toBe('globex.example.com');
      expect(JSON.parse((await views.current('initech')).json).settings).toBeNull();
    }
  });

  it('rebuilds the token health when a notice period starts, though the version did not change', async () => {
    const store = memoryStore();
    await store.put(
      'acme',
      {
        ...basic('unused'),
        settings: google({ refreshTokenExpiresAt: '2026-12-10T00:00:00Z' }),
      },
      0,
    );
    let at = Date.parse('2026-11-25T12:00:00Z');
    const views = createPublicViews(store, () => new Date(at));
    const warnings = async () =>
      JSON.parse((await views.current('acme')).json).tokenHealth.warnings.map(
        ({ message }: { message: string }) => message,
      );

    expect(await warnings()).toEqual([]);
    at = Date.parse('2026-12-03T00:00:00Z') - 1;
    expect(await warnings()).toEqual([]);
    at += 1;
    expect(await warnings()).toEqual([expect.stringMatching(/expires on 2026-12-10/)]);
    at = Date.parse('2026-12-10T00:00:00Z') + DAY;
    expect(await warnings()).toEqual([expect.stringMatching(/expired on 2026-12-10/)]);
  });

  it('shows a rotation of the refresh token on the next read, under the same version and ETag', async () => {
    const { store, counts } = countingStore(memoryStore());
    await store.put('acme', { ...basic('unused'), settings: google() }, 0);
    const views = createPublicViews(store, now);
    const before = await views.current('acme');
    expect(JSON.parse(before.json).tokenHealth).not.toHaveProperty('lastRefreshedAt');
    const at = '2026-11-25T13:00:00.000Z';
    const rotation = {
      field: 'refreshToken',
      sealed: 'v1.rotated',
      connection: { lastRefreshedAt: at },
    } as const;
    expect(await store.rotateSecret('acme', { ...rotation, at, actor: 'mailer' }, 1)).toBe(2);

    const after = await views.current('acme');
    expect(after).not.toBe(before);
    expect(after.etag).toBe('"1"');
    expect(JSON.parse(after.json)).toMatchObject({ version: 1, tokenHealth: { lastRefreshedAt: at } });
    expect(await views.current('acme')).toBe(after);
    expect(counts.get).toBe(2);
  });

  it('keeps at most the given number of tenants, dropping the oldest', async () => {
    const { store, counts } = countingStore(memoryStore());
    const views = createPublicViews(store, now, 2);
    for (const tenant of ['a', 'b', 'c', 'b', 'c']) await views.current(tenant);
    expect(counts.get).toBe(3);
    await views.current('a');
    expect(counts.get).toBe(4);
  });
});
