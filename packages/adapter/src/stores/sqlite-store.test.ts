import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../test/store-contract.js';
import { sqliteStore } from './sqlite-store.js';
import type { SettingsStore, SettingsWrite } from './store.js';
import { VersionConflictError } from './store.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'smtp-settings-sqlite-'));
const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

const writeOf = (host: string): SettingsWrite => ({
  settings: { host },
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'admin',
  changedFields: ['host'],
});

describeStoreContract('sqliteStore', async () => {
  const dir = tempDir();
  return { store: sqliteStore({ filename: join(dir, 'settings.db') }), cleanup: async () => removeDir(dir) };
});

describe('sqliteStore on a shared file', () => {
  let dir: string;
  let filename: string;
  const opened: SettingsStore[] = [];
  const open = () => {
    const store = sqliteStore({ filename });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
    filename = join(dir, 'settings.db');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    removeDir(dir);
  });

  it('turns on WAL mode', () => {
    open();
    const db = new Database(filename, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('lets two instances see each other’s writes at once and conflict correctly', async () => {
    const a = open();
    const b = open();
    await a.put('acme', writeOf('a.example.com'), 0);
    expect(await b.get('acme')).toMatchObject({ version: 1, settings: { host: 'a.example.com' } });

    await expect(b.put('acme', writeOf('b.example.com'), 0)).rejects.toMatchObject({ currentVersion: 1 });
    await b.put('acme', writeOf('b.example.com'), 1);
    await expect(a.put('acme', writeOf('a2.example.com'), 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await a.get('acme')).toMatchObject({ version: 2, settings: { host: 'b.example.com' } });
    expect((await a.audit('acme')).map((entry) => entry.version)).toEqual([2, 1]);
  });

  it('lets exactly one of many puts spread over two instances win', async () => {
    const instances = [open(), open()];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => instances[n % 2]?.put('acme', writeOf(`${n}.example.com`), 0)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await open().audit('acme')).toHaveLength(1);
  });

  it('keeps its data when the file is opened again', async () => {
    const first = open();
    await first.put('acme', writeOf('kept.example.com'), 0);
    await first.close();

    const again = open();
    expect(await again.get('acme')).toMatchObject({ version: 1, settings: { host: 'kept.example.com' } });
    expect(await again.audit('acme')).toHaveLength(1);
    expect((await again.put('acme', writeOf('next.example.com'), 1)).version).toBe(2);
  });

  it('refuses a database whose schema is newer than it knows', () => {
    const db = new Database(filename);
    db.pragma('user_version = 99');
    db.close();
    expect(() => open()).toThrow(/schema version 99/);
  });

  it('uses a connection it is given without closing it', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore({ database: db });
    await store.put('acme', writeOf('given.example.com'), 0);
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT settings FROM smtp_settings WHERE tenant = ?').pluck().get('acme')).toBe(
      JSON.stringify({ host: 'given.example.com' }),
    );
    db.close();
  });

  it('can be closed twice', async () => {
    const store = open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
