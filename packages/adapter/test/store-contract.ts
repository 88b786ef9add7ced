import type { AuditTestDetails } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasSecretExpiryNotes, type SecretExpiryNotes } from '../src/settings/secret-expiry-notes.js';
import {
  type AuditTestWrite,
  FlowExistsError,
  type OAuthFlowRecord,
  type SecretResealing,
  type SecretRotation,
  type SettingsStore,
  type SettingsWrite,
  VersionConflictError,
} from '../src/stores/store.js';

/** What a contract run needs: a fresh, empty store and a way to throw its backing data away afterwards. */
export interface StoreUnderTest {
  /** The store to test; the suite closes it after each test. */
  store: SettingsStore & SecretResealing;
  /** Removes whatever backs the store (a temp file, a schema), after `close()`. */
  cleanup?: () => Promise<void>;
}

const settingsOf = (n: number): Record<string, unknown> => ({
  host: `smtp${n}.example.com`,
  port: 587,
  secure: false,
  auth: { authType: 'password', username: 'mailer', password: `v1.sealed.${n}` },
  tags: ['a', 'b', n],
  note: null,
  unicode: 'Grüße 📬',
});

const writeOf = (n: number, overrides: Partial<SettingsWrite> = {}): SettingsWrite => ({
  settings: settingsOf(n),
  updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  updatedBy: `admin-${n}`,
  changedFields: ['host', 'password'],
  ...overrides,
});

const testOf = (
  n: number,
  { version = n, outcome = 'passed' }: { version?: number; outcome?: AuditTestDetails['outcome'] } = {},
): AuditTestWrite => ({
  action: 'test',
  version,
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  actor: `tester-${n}`,
  test: { host: `smtp${n}.example.com`, port: 587, outcome },
});

const flowOf = (id: string, overrides: Partial<OAuthFlowRecord> = {}): OAuthFlowRecord => ({
  id,
  tenant: 'acme',
  status: 'started',
  data: {
    provider: 'google',
    codeVerifier: `verifier-${id}`,
    clientSecret: 'v1.sealed.client-secret',
    scopes: ['https://mail.google.com/'],
    redirect: { uri: 'https://app.example.com/api/smtp/oauth/callback', port: null },
    unicode: 'Grüße 📬',
  },
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:10:00.000Z',
  ...overrides,
});

/** OAuth-like settings with a refresh token and the connection a rotation updates. */
const withConnection = (n: number): Record<string, unknown> => ({
  ...settingsOf(n),
  refreshToken: `v1.sealed.refresh-${n}`,
  connection: {
    account: 'mailer@example.com',
    scopes: ['SMTP.Send'],
    obtainedAt: '2025-01-01T00:00:00.000Z',
  },
});

const rotationOf = (n: number, overrides: Partial<SecretRotation> = {}): SecretRotation => ({
  field: 'refreshToken',
  sealed: `v1.sealed.rotated-${n}`,
  connection: { lastRefreshedAt: new Date(Date.UTC(2025, 0, 2, 0, 0, n)).toISOString() },
  at: new Date(Date.UTC(2025, 0, 2, 0, 0, n)).toISOString(),
  actor: 'mailer',
  ...overrides,
});

const completed = (n: number) => ({
  status: 'completed' as const,
  data: { provider: 'google', refreshToken: `v1.sealed.refresh-${n}`, scopes: ['https://mail.google.com/'] },
});

function secretExpiryNotesOf(store: object): SecretExpiryNotes {
  if (!hasSecretExpiryNotes(store)) throw new Error('every built-in store keeps client secret notes');
  return store;
}

/**
 * Registers the behaviour every {@link SettingsStore} must have as vitest tests, each run against a fresh
 * store from `makeStore`.
 *
 * @example
 * ```ts
 * describeStoreContract('memoryStore', async () => ({ store: memoryStore() }));
 * ```
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} (store contract)`, () => {
    let store: SettingsStore & SecretResealing;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    it('answers null for a tenant with nothing stored', async () => {
      expect(await store.get('acme')).toBeNull();
      expect(await store.getRevision('acme')).toBe(0);
      expect(await store.audit('acme')).toEqual([]);
    });

    it('reads the current version and revision alone, per tenant', async () => {
      await store.put('acme', writeOf(1), 0);
      await store.put('acme', writeOf(2), 1);
      await store.put('globex', writeOf(3), 0);
      await expect(store.put('acme', writeOf(4), 1)).rejects.toThrow(VersionConflictError);
      expect((await store.get('acme'))?.version).toBe(2);
      expect((await store.get('globex'))?.version).toBe(1);
      expect(await store.getRevision('acme')).toBe(2);
      expect(await store.getRevision('globex')).toBe(1);
      expect(await store.getRevision('initech')).toBe(0);
    });

    it('creates version 1 on the first put and round-trips settings and metadata', async () => {
      const write = writeOf(1);
      const expected = {
        settings: settingsOf(1),
        version: 1,
        revision: 1,
        updatedAt: write.updatedAt,
        updatedBy: 'admin-1',
      };
      expect(await store.put('acme', write, 0)).toEqual(expected);
      expect(await store.get('acme')).toEqual(expected);
    });

    it('grows the version by one on every write', async () => {
      for (let version = 1; version <= 5; version++) {
        expect((await store.put('acme', writeOf(version), version - 1)).version).toBe(version);
      }
      expect(await store.get('acme')).toMatchObject({
        version: 5,
        settings: settingsOf(5),
        updatedBy: 'admin-5',
      });
    });

    it('rejects a second create with the current version and changes nothing', async () => {
      await store.put('acme', writeOf(1), 0);
      const attempt = store.put('acme', writeOf(2), 0);
      await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
      await expect(attempt).rejects.toMatchObject({ name: 'VersionConflictError', currentVersion: 1 });
      expect(await store.get('acme')).toMatchObject({
        version: 1,
        settings: settingsOf(1),
        updatedBy: 'admin-1',
      });
      expect(await store.audit('acme')).toHaveLength(1);
    });

    it('rejects a put with a stale version and changes nothing', async () => {
      await store.put('acme', writeOf(1), 0);
      await store.put('acme', writeOf(2), 1);
      await expect(store.put('acme', writeOf(3), 1)).rejects.toMatchObject({ currentVersion: 2 });
      expect(await store.get('acme')).toMatchObject({ version: 2, settings: settingsOf(2) });
      expect((await store.audit('acme')).map((entry) => entry.version)).toEqual([2, 1]);
    });

    it('rejects a put with a version from the future', async () => {
      await expect(store.put('acme', writeOf(1), 3)).rejects.toMatchObject({ currentVersion: 0 });
      expect(await store.get('acme')).toBeNull();
      await store.put('acme', writeOf(1), 0);
      await expect(store.put('acme', writeOf(2), 2)).rejects.toMatchObject({ currentVersion: 1 });
      expect(await store.get('acme')).toMatchObject({ version: 1, settings: settingsOf(1) });
      expect(await store.audit('acme')).toHaveLength(1);
    });

    it('keeps tenants apart', async () => {
      await store.put('acme', writeOf(1), 0);
      await store.put('globex', writeOf(1), 0);
      await store.put('acme', writeOf(2), 1);
      expect(await store.get('acme')).toMatchObject({ version: 2, settings: settingsOf(2) });
      expect(await store.get('globex')).toMatchObject({ version: 1, settings: settingsOf(1) });
      expect((await store.audit('acme')).map((entry) => [entry.tenant, entry.version])).toEqual([
        ['acme', 2],
        ['acme', 1],
      ]);
      expect((await store.audit('globex')).map((entry) => [entry.tenant, entry.version])).toEqual([
        ['globex', 1],
      ]);
      expect(await store.get('initech')).toBeNull();
    });

    it('lists the audit trail newest first with actor, time and changed fields', async () => {
      await store.put('acme', writeOf(1, { changedFields: ['host', 'port', 'password'] }), 0);
      await store.put('acme', writeOf(2, { changedFields: [] }), 1);
      await store.put('acme', writeOf(3, { changedFields: ['clientSecret'] }), 2);
      expect(await store.audit('acme')).toEqual([
        {
          tenant: 'acme',
          action: 'save',
          version: 3,
          at: writeOf(3).updatedAt,
          actor: 'admin-3',
          changedFields: ['clientSecret'],
        },
        {
          tenant: 'acme',
          action: 'save',
          version: 2,
          at: writeOf(2).updatedAt,
          actor: 'admin-2',
          changedFields: [],
        },
        {
          tenant: 'acme',
          action: 'save',
          version: 1,
          at: writeOf(1).updatedAt,
          actor: 'admin-1',
          changedFields: ['host', 'port', 'password'],
        },
      ]);
      expect((await store.audit('acme', { limit: 2 })).map((entry) => entry.version)).toEqual([3, 2]);
    });

    it('lists Tests next to saves, newest first, with the version they ran against', async () => {
      await store.recordAudit('acme', testOf(1, { version: 0, outcome: 'HOST_NOT_ALLOWED' }));
      await store.put('acme', writeOf(2), 0);
      await store.recordAudit('acme', testOf(3, { version: 1 }));
      await store.put('acme', writeOf(4), 1);
      await store.recordAudit('globex', testOf(5, { version: 0 }));

      expect(await store.audit('acme')).toEqual([
        {
          tenant: 'acme',
          action: 'save',
          version: 2,
          at: writeOf(4).updatedAt,
          actor: 'admin-4',
          changedFields: ['host', 'password'],
        },
        {
          tenant: 'acme',
          action: 'test',
          version: 1,
          at: testOf(3).at,
          actor: 'tester-3',
          changedFields: [],
          test: { host: 'smtp3.example.com', port: 587, outcome: 'passed' },
        },
        {
          tenant: 'acme',
          action: 'save',
          version: 1,
          at: writeOf(2).updatedAt,
          actor: 'admin-2',
          changedFields: ['host', 'password'],
        },
        {
          tenant: 'acme',
          action: 'test',
          version: 0,
          at: testOf(1).at,
          actor: 'tester-1',
          changedFields: [],
          test: { host: 'smtp1.example.com', port: 587, outcome: 'HOST_NOT_ALLOWED' },
        },
      ]);
      expect((await store.audit('acme', { limit: 2 })).map((entry) => entry.action)).toEqual([
        'save',
        'test',
      ]);
      expect(await store.audit('globex')).toEqual([
        expect.objectContaining({ tenant: 'globex', action: 'test', actor: 'tester-5' }),
      ]);
      expect((await store.get('acme'))?.version).toBe(2);
    });

    it('rotates a secret without a new version, and records the rotation in the audit trail', async () => {
      const saved = await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      expect(await store.rotateSecret('acme', rotationOf(2), 1)).toBe(2);
      expect(await store.get('acme')).toEqual({
        ...saved,
        revision: 2,
        settings: {
          ...withConnection(1),
          refreshToken: 'v1.sealed.rotated-2',
          connection: {
            account: 'mailer@example.com',
            scopes: ['SMTP.Send'],
            obtainedAt: '2025-01-01T00:00:00.000Z',
            lastRefreshedAt: rotationOf(2).connection?.lastRefreshedAt,
          },
        },
      });
      expect((await store.get('acme'))?.version).toBe(1);
      expect(await store.getRevision('acme')).toBe(2);
      expect(await store.audit('acme')).toEqual([
        {
          tenant: 'acme',
          action: 'rotation',
          version: 1,
          at: rotationOf(2).at,
          actor: 'mailer',
          changedFields: ['refreshToken'],
        },
        expect.objectContaining({ action: 'save', version: 1, actor: 'admin-1' }),
      ]);
    });

    it('adds no connection to settings that have none when rotating', async () => {
      await store.put('acme', writeOf(1), 0);
      expect(await store.rotateSecret('acme', rotationOf(2), 1)).toBe(2);
      expect((await store.get('acme'))?.settings).toEqual({
        ...settingsOf(1),
        refreshToken: 'v1.sealed.rotated-2',
      });
    });

    it('refuses a rotation over another version, or with nothing stored, and changes nothing', async () => {
      expect(await store.rotateSecret('acme', rotationOf(1), 0)).toBeNull();
      expect(await store.rotateSecret('acme', rotationOf(1), 1)).toBeNull();
      expect(await store.get('acme')).toBeNull();
      await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      await store.put('acme', writeOf(2, { settings: withConnection(2) }), 1);
      expect(await store.rotateSecret('acme', rotationOf(3), 1)).toBeNull();
      expect(await store.rotateSecret('acme', rotationOf(3), 3)).toBeNull();
      expect(await store.rotateSecret('globex', rotationOf(3), 2)).toBeNull();
      expect(await store.get('acme')).toMatchObject({ version: 2, revision: 2, settings: withConnection(2) });
      expect((await store.audit('acme')).map(({ action }) => action)).toEqual(['save', 'save']);
      expect(await store.audit('globex')).toEqual([]);
    });

    it('lets the admin save the version they loaded after a rotation, with a new revision', async () => {
      await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      await store.rotateSecret('acme', rotationOf(2), 1);
      await store.rotateSecret('acme', rotationOf(3), 1);
      const saved = await store.put('acme', writeOf(4), 1);
      expect(saved).toMatchObject({ version: 2, revision: 4, settings: settingsOf(4) });
      expect(await store.get('acme')).toEqual(saved);
      expect(await store.rotateSecret('acme', rotationOf(5), 1)).toBeNull();
      expect((await store.audit('acme')).map(({ action, version }) => [action, version])).toEqual([
        ['save', 2],
        ['rotation', 1],
        ['rotation', 1],
        ['save', 1],
      ]);
    });

    it('applies each of 20 concurrent rotations once, and none after a save that wins the race', async () => {
      await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      const revisions = await Promise.all(
        Array.from({ length: 20 }, (_, n) => store.rotateSecret('acme', rotationOf(n), 1)),
      );
      expect([...revisions].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        Array.from({ length: 20 }, (_, n) => n + 2),
      );
      const last = revisions.indexOf(21);
      expect(await store.get('acme')).toMatchObject({
        version: 1,
        revision: 21,
        settings: { refreshToken: `v1.sealed.rotated-${last}` },
      });
      expect(await store.audit('acme', { limit: 500 })).toHaveLength(21);

      const raced = await Promise.allSettled([
        store.put('acme', writeOf(30), 1),
        ...Array.from({ length: 5 }, (_, n) => store.rotateSecret('acme', rotationOf(40 + n), 1)),
      ]);
      const [put, ...rotations] = raced;
      expect(put).toMatchObject({ status: 'fulfilled', value: { version: 2 } });
      const applied = rotations.filter((result) => result.status === 'fulfilled' && result.value !== null);
      const stored = await store.get('acme');
      // A rotation either landed before the save (which then replaced it) or changed nothing.
      expect(stored).toMatchObject({ version: 2, revision: 22 + applied.length, settings: settingsOf(30) });
    });

    it('notes a client secret expiry without a new version or audit entry, only when it differs', async () => {
      const notes = secretExpiryNotesOf(store);
      const saved = await store.put('acme', writeOf(1), 0);
      const read = { field: 'clientSecretReadExpiresAt', value: '2027-01-31T10:00:00.000Z' } as const;
      expect(await notes.noteSecretExpiry('acme', read, 1)).toBe(true);
      expect(await notes.noteSecretExpiry('acme', read, 1)).toBe(false);
      const warned = { field: 'clientSecretLapseWarnedFor', value: read.value } as const;
      expect(await notes.noteSecretExpiry('acme', warned, 1)).toBe(true);
      expect(await store.get('acme')).toEqual({
        ...saved,
        revision: 3,
        settings: {
          ...settingsOf(1),
          clientSecretReadExpiresAt: read.value,
          clientSecretLapseWarnedFor: read.value,
        },
      });
      expect((await store.audit('acme')).map(({ action }) => action)).toEqual(['save']);
    });

    it('refuses a client secret note over another version, or with nothing stored', async () => {
      const notes = secretExpiryNotesOf(store);
      const note = { field: 'clientSecretReadExpiresAt', value: '2027-01-31T10:00:00.000Z' } as const;
      expect(await notes.noteSecretExpiry('acme', note, 0)).toBe(false);
      await store.put('acme', writeOf(1), 0);
      await store.put('acme', writeOf(2), 1);
      expect(await notes.noteSecretExpiry('acme', note, 1)).toBe(false);
      expect(await store.get('acme')).toMatchObject({ revision: 2, settings: settingsOf(2) });
    });

    it('lets one of 10 concurrent callers write the same client secret note', async () => {
      const notes = secretExpiryNotesOf(store);
      await store.put('acme', writeOf(1), 0);
      const note = { field: 'clientSecretLapseWarnedFor', value: '2027-01-31T10:00:00.000Z' } as const;
      const written = await Promise.all(
        Array.from({ length: 10 }, () => notes.noteSecretExpiry('acme', note, 1)),
      );
      expect(written.filter(Boolean)).toHaveLength(1);
      expect(await store.getRevision('acme')).toBe(2);
    });

    it('lists every tenant with settings once, in pages that continue after the last name', async () => {
      expect(await store.listTenants(undefined, 10)).toEqual([]);
      const tenants = ['globex', 'acme', 'Initech', 'acme-eu', 'umbrella', 'Grüße 📬', 'a'];
      for (const [n, tenant] of tenants.entries()) await store.put(tenant, writeOf(n + 1), 0);
      // A Test alone saves nothing: its tenant has no settings to walk.
      await store.recordAudit('hooli', testOf(1, { version: 0 }));

      const walked: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listTenants(after, 3);
        expect(page.length).toBeLessThanOrEqual(3);
        walked.push(...page);
        if (page.length < 3) break;
        after = page.at(-1);
      }
      expect([...walked].sort()).toEqual([...tenants].sort());
      expect(await store.listTenants(undefined, 100)).toEqual(walked);
      expect(await store.listTenants(walked.at(-1), 100)).toEqual([]);
    });

    it('re-seals secrets without a new version, and records the re-sealing in the audit trail', async () => {
      const saved = await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      const reseal = {
        sealed: { refreshToken: 'v1.resealed.refresh', clientSecret: 'v1.resealed.client' },
        at: '2025-02-01T00:00:00.000Z',
        actor: 'ops (smtp-settings CLI)',
      };
      expect(await store.resealSecrets('acme', reseal, 1)).toBe(2);
      expect(await store.get('acme')).toEqual({
        ...saved,
        revision: 2,
        settings: {
          ...withConnection(1),
          refreshToken: 'v1.resealed.refresh',
          clientSecret: 'v1.resealed.client',
        },
      });
      expect(await store.getRevision('acme')).toBe(2);
      const [entry, ...rest] = await store.audit('acme');
      expect(entry).toEqual({
        tenant: 'acme',
        action: 'reseal',
        version: 1,
        at: reseal.at,
        actor: reseal.actor,
        changedFields: expect.arrayContaining(['refreshToken', 'clientSecret']),
      });
      expect(entry?.changedFields).toHaveLength(2);
      expect(rest.map(({ action }) => action)).toEqual(['save']);
      // The admin who loaded version 1 can still save it.
      expect(await store.put('acme', writeOf(2), 1)).toMatchObject({ version: 2, revision: 3 });
    });

    it('refuses a re-sealing over another revision, or with nothing stored, and changes nothing', async () => {
      const reseal = { sealed: { password: 'v1.resealed' }, at: '2025-02-01T00:00:00.000Z', actor: 'ops' };
      expect(await store.resealSecrets('acme', reseal, 0)).toBeNull();
      expect(await store.resealSecrets('acme', reseal, 1)).toBeNull();
      expect(await store.get('acme')).toBeNull();
      await store.put('acme', writeOf(1, { settings: withConnection(1) }), 0);
      // A refresh token rotated after the record was read must not be overwritten with the older one.
      await store.rotateSecret('acme', rotationOf(2), 1);
      expect(await store.resealSecrets('acme', reseal, 1)).toBeNull();
      expect(await store.resealSecrets('acme', reseal, 3)).toBeNull();
      expect(await store.get('acme')).toMatchObject({
        version: 1,
        revision: 2,
        settings: { refreshToken: 'v1.sealed.rotated-2', auth: { password: 'v1.sealed.1' } },
      });
      expect((await store.audit('acme')).map(({ action }) => action)).toEqual(['rotation', 'save']);
    });

    it('keeps only the host, port and outcome of a Test, and hands out copies', async () => {
      const entry = testOf(1);
      (entry.test as unknown as Record<string, unknown>).serverReply = '535 5.7.8 password=echoed';
      await store.recordAudit('acme', entry);
      entry.test.host = 'mutated.example.com';
      const [read] = await store.audit('acme');
      if (read?.test === undefined) throw new Error('expected a test entry');
      read.test.port = 1;
      expect((await store.audit('acme'))[0]?.test).toEqual({
        host: 'smtp1.example.com',
        port: 587,
        outcome: 'passed',
      });
    });

    it('returns 50 audit entries by default and clamps the limit to 1..500', async () => {
      for (let version = 1; version <= 55; version++) {
        await store.put('acme', writeOf(version), version - 1);
      }
      const latest = await store.audit('acme');
      expect(latest).toHaveLength(50);
      expect(latest[0]?.version).toBe(55);
      expect(latest[49]?.version).toBe(6);
      expect(await store.audit('acme', { limit: 0 })).toHaveLength(1);
      expect(await store.audit('acme', { limit: -3 })).toHaveLength(1);
      expect(await store.audit('acme', { limit: 2.7 })).toHaveLength(2);
      expect(await store.audit('acme', { limit: 10_000 })).toHaveLength(55);
    });

    it('hands out copies, so callers cannot change what is stored', async () => {
      const write = writeOf(1);
      const returned = await store.put('acme', write, 0);
      (write.settings.auth as Record<string, unknown>).password = 'mutated input';
      (returned.settings.tags as unknown[]).push('mutated return');
      returned.version = 99;

      const got = await store.get('acme');
      if (got === null) throw new Error('expected a record');
      (got.settings.auth as Record<string, unknown>).username = 'mutated get';
      const [entry] = await store.audit('acme');
      entry?.changedFields.push('mutated audit');

      expect(await store.get('acme')).toEqual({
        settings: settingsOf(1),
        version: 1,
        revision: 1,
        updatedAt: write.updatedAt,
        updatedBy: 'admin-1',
      });
      expect((await store.audit('acme'))[0]?.changedFields).toEqual(['host', 'password']);
    });

    it('lets exactly one of 50 concurrent creates win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) => store.put('acme', writeOf(n), 0)),
      );
      await expectOneWinner(results, 1);
    });

    it('lets exactly one of 50 concurrent updates win', async () => {
      await store.put('acme', writeOf(100), 0);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) => store.put('acme', writeOf(n), 1)),
      );
      await expectOneWinner(results, 2);
    });

    it('round-trips a created flow and answers null for an unknown id', async () => {
      await store.createFlow(flowOf('flow-1'));
      expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));
      expect(await store.getFlow('acme', 'flow-2')).toBeNull();
    });

    it('answers null for another tenant’s flow', async () => {
      await store.createFlow(flowOf('flow-1'));
      expect(await store.getFlow('globex', 'flow-1')).toBeNull();
    });

    it('rejects a flow whose id exists and keeps the first', async () => {
      await store.createFlow(flowOf('flow-1'));
      const attempt = store.createFlow(
        flowOf('flow-1', { tenant: 'globex', data: { provider: 'microsoft' } }),
      );
      await expect(attempt).rejects.toBeInstanceOf(FlowExistsError);
      await expect(store.createFlow(flowOf('flow-1'))).rejects.toMatchObject({ name: 'FlowExistsError' });
      expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));
      expect(await store.getFlow('globex', 'flow-1')).toBeNull();
    });

    it('moves a flow once, so a replayed transition answers false', async () => {
      await store.createFlow(flowOf('flow-1'));
      expect(await store.transitionFlow('acme', 'flow-1', 'started', completed(1))).toBe(true);
      const moved = { ...flowOf('flow-1'), ...completed(1) };
      expect(await store.getFlow('acme', 'flow-1')).toEqual(moved);

      expect(await store.transitionFlow('acme', 'flow-1', 'started', completed(2))).toBe(false);
      expect(await store.transitionFlow('acme', 'flow-1', 'started', { status: 'failed', data: {} })).toBe(
        false,
      );
      expect(await store.getFlow('acme', 'flow-1')).toEqual(moved);

      expect(
        await store.transitionFlow('acme', 'flow-1', 'completed', { status: 'consumed', data: {} }),
      ).toBe(true);
      expect(
        await store.transitionFlow('acme', 'flow-1', 'completed', { status: 'consumed', data: {} }),
      ).toBe(false);
      expect(await store.getFlow('acme', 'flow-1')).toMatchObject({ status: 'consumed', data: {} });
      expect(await store.transitionFlow('acme', 'flow-2', 'started', completed(1))).toBe(false);
      expect(await store.getFlow('acme', 'flow-2')).toBeNull();
    });

    it('lets exactly one of 20 concurrent transitions win', async () => {
      await store.createFlow(flowOf('flow-1'));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) => store.transitionFlow('acme', 'flow-1', 'started', completed(n))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store.getFlow('acme', 'flow-1')).toEqual({ ...flowOf('flow-1'), ...completed(winner) });
    });

    it('does not move another tenant’s flow', async () => {
      await store.createFlow(flowOf('flow-1'));
      expect(await store.transitionFlow('globex', 'flow-1', 'started', completed(1))).toBe(false);
      expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));
    });

    it('deletes only the flows that expired before now, of every tenant', async () => {
      const now = '2025-01-01T00:10:00.000Z';
      await store.createFlow(flowOf('expired', { expiresAt: '2025-01-01T00:09:59.999Z' }));
      await store.createFlow(
        flowOf('expired-elsewhere', {
          tenant: 'globex',
          status: 'consumed',
          expiresAt: '2024-12-31T23:00:00.000Z',
        }),
      );
      await store.createFlow(flowOf('expires-now', { expiresAt: now }));
      await store.createFlow(flowOf('live', { expiresAt: '2025-01-01T00:20:00.000Z' }));

      expect(await store.deleteExpiredFlows(now)).toBe(2);
      expect(await store.getFlow('acme', 'expired')).toBeNull();
      expect(await store.getFlow('globex', 'expired-elsewhere')).toBeNull();
      expect(await store.getFlow('acme', 'expires-now')).toEqual(flowOf('expires-now', { expiresAt: now }));
      expect(await store.getFlow('acme', 'live')).toMatchObject({ id: 'live' });
      expect(await store.deleteExpiredFlows(now)).toBe(0);
    });

    it('hands out copies of flows, so callers cannot change what is stored', async () => {
      const flow = flowOf('flow-1');
      await store.createFlow(flow);
      flow.status = 'consumed';
      (flow.data.scopes as unknown[]).push('mutated input');

      const got = await store.getFlow('acme', 'flow-1');
      if (got === null) throw new Error('expected a flow');
      got.status = 'failed';
      (got.data.redirect as Record<string, unknown>).uri = 'https://evil.example.com/';
      expect(await store.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));

      const next = completed(1);
      await store.transitionFlow('acme', 'flow-1', 'started', next);
      next.data.scopes.push('mutated transition');
      expect(await store.getFlow('acme', 'flow-1')).toEqual({ ...flowOf('flow-1'), ...completed(1) });
    });

    async function expectOneWinner(
      results: PromiseSettledResult<Awaited<ReturnType<SettingsStore['put']>>>[],
      version: number,
    ): Promise<void> {
      const fulfilled = results.filter((result) => result.status === 'fulfilled');
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(49);
      for (const { reason } of rejected) {
        expect(reason).toBeInstanceOf(VersionConflictError);
        expect(reason).toMatchObject({ currentVersion: version });
      }
      const winner = fulfilled[0]?.value;
      expect(winner?.version).toBe(version);
      expect(await store.get('acme')).toEqual(winner);
      const audit = await store.audit('acme', { limit: 500 });
      expect(audit).toHaveLength(version);
      expect(audit[0]).toMatchObject({ version, actor: winner?.updatedBy });
    }
  });
}
