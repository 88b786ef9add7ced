import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeAccessTokenStoreContract } from '../../test/access-token-store-contract.js';
import { describeDeliveryStoreContract } from '../../test/delivery-store-contract.js';
import { describeStoreContract } from '../../test/store-contract.js';
import { sqliteStore } from './sqlite-store.js';
import type { OAuthFlowRecord, SettingsStore, SettingsWrite } from './store.js';
import { VersionConflictError } from './store.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'smtp-settings-sqlite-'));
const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** The schema as the first release created it, before OAuth flows were stored. */
const SCHEMA_V1 = `CREATE TABLE smtp_settings (
    tenant TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE smtp_settings_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_fields TEXT NOT NULL
  );
  CREATE INDEX smtp_settings_audit_tenant ON smtp_settings_audit (tenant, id DESC);
  PRAGMA user_version = 1;`;

/** The schema as version 4 left it, the last before the outbox: settings with revisions, audit with Tests, OAuth flows. */
const SCHEMA_V4 = `CREATE TABLE smtp_settings (
    tenant TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE smtp_settings_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_fields TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT 'save',
    details TEXT
  );
  CREATE INDEX smtp_settings_audit_tenant ON smtp_settings_audit (tenant, id DESC);
  CREATE TABLE smtp_settings_oauth_flows (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX smtp_settings_oauth_flows_expires_at ON smtp_settings_oauth_flows (expires_at);
  PRAGMA user_version = 4;`;

const flowOf = (id: string): OAuthFlowRecord => ({
  id,
  tenant: 'acme',
  status: 'started',
  data: { codeVerifier: 'verifier', clientSecret: 'v1.sealed.secret' },
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:10:00.000Z',
});

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

describeDeliveryStoreContract('sqliteStore', async () => {
  const dir = tempDir();
  return { store: sqliteStore({ filename: join(dir, 'settings.db') }), cleanup: async () => removeDir(dir) };
});

describeAccessTokenStoreContract('sqliteStore', async () => {
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
    expect(db.pragma('user_version', { simple: true })).toBe(10);
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

  it('lets a second instance move a flow the first created, once', async () => {
    const a = open();
    const b = open();
    await a.createFlow(flowOf('flow-1'));
    expect(await b.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));

    const next = { status: 'completed' as const, data: { refreshToken: 'v1.sealed.refresh' } };
    expect(await b.transitionFlow('acme', 'flow-1', 'started', next)).toBe(true);
    expect(await a.transitionFlow('acme', 'flow-1', 'started', next)).toBe(false);
    expect(await a.getFlow('acme', 'flow-1')).toEqual({ ...flowOf('flow-1'), ...next });
  });

  it('lets exactly one of many transitions spread over two instances win', async () => {
    const instances = [open(), open()];
    await instances[0]?.createFlow(flowOf('flow-1'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        instances[n % 2]?.transitionFlow('acme', 'flow-1', 'started', { status: 'completed', data: { n } }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await open().getFlow('acme', 'flow-1')).toMatchObject({ data: { n: results.indexOf(true) } });
  });

  it('migrates a version 1 file on open and keeps its settings', async () => {
    const v1 = new Database(filename);
    v1.exec(SCHEMA_V1);
    v1.prepare('INSERT INTO smtp_settings VALUES (?, 1, ?, ?, ?)').run(
      'acme',
      JSON.stringify({ host: 'old.example.com' }),
      '2024-06-01T00:00:00.000Z',
      'admin',
    );
    v1.prepare(
      'INSERT INTO smtp_settings_audit (tenant, version, at, actor, changed_fields) VALUES (?, 1, ?, ?, ?)',
    ).run('acme', '2024-06-01T00:00:00.000Z', 'admin', '["host"]');
    v1.close();

    const store = open();
    expect(await store.get('acme')).toEqual({
      settings: { host: 'old.example.com' },
      version: 1,
      // Every write before rotations was a new version, so the revision starts from the version.
      revision: 1,
      updatedAt: '2024-06-01T00:00:00.000Z',
      updatedBy: 'admin',
    });
    expect(await store.audit('acme')).toEqual([
      {
        tenant: 'acme',
        action: 'save',
        version: 1,
        at: '2024-06-01T00:00:00.000Z',
        actor: 'admin',
        changedFields: ['host'],
      },
    ]);
    await store.createFlow(flowOf('flow-1'));
    expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));
    expect((await store.put('acme', writeOf('new.example.com'), 1)).version).toBe(2);
    await store.recordAudit('acme', {
      action: 'test',
      version: 2,
      at: '2025-01-01T00:00:01.000Z',
      actor: 'admin',
      test: { host: 'new.example.com', port: 587, outcome: 'passed' },
    });
    expect((await store.audit('acme')).map((entry) => entry.action)).toEqual(['test', 'save', 'save']);

    const db = new Database(filename, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    db.close();
  });

  it('adds the outbox to a version 4 file, keeping its settings, audit trail and flows', async () => {
    const v4 = new Database(filename);
    v4.exec(SCHEMA_V4);
    v4.prepare('INSERT INTO smtp_settings VALUES (?, 3, ?, ?, ?, 5)').run(
      'acme',
      JSON.stringify({ host: 'old.example.com' }),
      '2026-06-01T00:00:00.000Z',
      'admin',
    );
    v4.prepare(
      `INSERT INTO smtp_settings_audit (tenant, version, at, actor, changed_fields, action, details)
       VALUES (?, 3, ?, ?, ?, 'save', NULL)`,
    ).run('acme', '2026-06-01T00:00:00.000Z', 'admin', '["host"]');
    v4.prepare('INSERT INTO smtp_settings_oauth_flows VALUES (?, ?, ?, ?, ?, ?)').run(
      'flow-1',
      'acme',
      'started',
      JSON.stringify(flowOf('flow-1').data),
      flowOf('flow-1').createdAt,
      flowOf('flow-1').expiresAt,
    );
    v4.close();

    const store = open();
    expect(await store.get('acme')).toEqual({
      settings: { host: 'old.example.com' },
      version: 3,
      revision: 5,
      updatedAt: '2026-06-01T00:00:00.000Z',
      updatedBy: 'admin',
    });
    expect(await store.audit('acme')).toMatchObject([
      { action: 'save', version: 3, changedFields: ['host'] },
    ]);
    expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));

    const delivery = {
      id: 'delivery-1',
      tenant: 'acme',
      source: 'outbox' as const,
      status: 'queued' as const,
      createdAt: '2026-06-02T00:00:00.000Z',
      messageId: '<delivery-1@mail.example.com>',
      to: ['qa-lead@example.com'],
      cc: [],
      bcc: [],
      subject: 'Test case TC-42 was updated',
      content: 'v1.sealed.content',
    };
    expect(await store.addDelivery(delivery)).toEqual({ id: 'delivery-1', created: true });
    const claimed = await store.claimDeliveries({
      now: '2026-06-02T00:00:01.000Z',
      limit: 10,
      perTenant: 10,
      owner: 'worker-1',
      leaseUntil: '2026-06-02T00:01:01.000Z',
      skipTenants: [],
    });
    expect(claimed).toMatchObject([{ id: 'delivery-1', status: 'sending', content: 'v1.sealed.content' }]);
    expect((await store.put('acme', writeOf('new.example.com'), 3)).version).toBe(4);

    const db = new Database(filename, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    db.close();
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
