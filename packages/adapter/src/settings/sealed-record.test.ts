import { describe, expect, it } from 'vitest';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsRecord } from '../stores/store.js';
import { loadSealedRecord, parseSealedRecord, StoredSettingsInvalidError } from './sealed-record.js';

const record = (settings: Record<string, unknown>): SettingsRecord => ({
  settings,
  version: 2,
  revision: 5,
  updatedAt: '2026-11-25T12:00:00.000Z',
  updatedBy: 'admin',
});

const microsoft = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'v1.sealed-client-secret',
  tenantId: 'contoso.onmicrosoft.com',
  refreshToken: 'v1.sealed-refresh-token',
  fromEmail: 'notifications@contoso.com',
  connection: {
    account: 'notifications@contoso.com',
    scopes: ['https://outlook.office.com/SMTP.Send'],
    obtainedAt: '2026-11-20T09:00:00.000Z',
    lastRefreshedAt: '2026-11-25T11:00:00.000Z',
  },
};

describe('parseSealedRecord', () => {
  it('reads OAuth settings with their connection, and keeps the record’s metadata', () => {
    expect(parseSealedRecord(record(microsoft), 'acme')).toEqual(record(microsoft));
  });

  it('drops a sealed value another variant left behind rather than passing it on', () => {
    const parsed = parseSealedRecord(record({ ...microsoft, password: 'v1.sealed-password' }), 'acme');
    expect(parsed.settings).not.toHaveProperty('password');
  });

  it('refuses a record that is not one the adapter writes, naming the fields but never their values', () => {
    const broken = record({
      ...microsoft,
      clientSecret: 42,
      fromEmail: 'not-an-address v1.sealed-refresh-token',
      connection: { scopes: 'SMTP.Send' },
    });
    const error = (() => {
      try {
        parseSealedRecord(broken, 'acme');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StoredSettingsInvalidError);
    expect(error).toMatchObject({
      tenant: 'acme',
      fields: ['clientSecret', 'fromEmail', 'connection.scopes', 'connection.obtainedAt'],
    });
    expect((error as Error).message).toMatch(/tenant "acme".*clientSecret.*save them again/);
    expect((error as Error).message).not.toMatch(/42|not-an-address|sealed/);
  });

  it('refuses settings of an unknown kind', () => {
    expect(() => parseSealedRecord(record({ authType: 'ntlm', host: 'smtp.example.com' }), 'acme')).toThrow(
      StoredSettingsInvalidError,
    );
  });
});

describe('loadSealedRecord', () => {
  it('answers null while nothing is saved, and the parsed record once it is', async () => {
    const store = memoryStore();
    expect(await loadSealedRecord(store, 'acme')).toBeNull();
    const write = { settings: microsoft, updatedAt: '2026-11-25T12:00:00.000Z', updatedBy: 'admin' };
    await store.put('acme', { ...write, changedFields: [] }, 0);
    expect(await loadSealedRecord(store, 'acme')).toMatchObject({
      version: 1,
      revision: 1,
      settings: microsoft,
    });
  });
});
