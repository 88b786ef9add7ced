import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  basicDraft,
  capturingLogger,
  createTestApp,
  newSecretKey,
  transcript,
} from '../../test/app-fixture.js';
import { useSqliteFile } from '../../test/sqlite-file-fixture.js';
import { createMailer } from '../mailer/create-mailer.js';
import { retryWhileBusy, writeFailureOf } from './sqlite-busy.js';
import { sqliteStore } from './sqlite-store.js';
import { type OAuthFlowRecord, type SettingsStore, StoreBusyError } from './store.js';

/** The store's budget in these tests: short, so a test waits it out quickly. */
const BUDGET_MS = 300;
/**
 * The longest the event loop may stall while the store waits: a store that waited synchronously would
 * hold it for the whole budget, while a loaded 2-core machine stalls it 50–110 ms by scheduling alone
 * (seen in CI beside the browser journeys).
 */
const MAX_BLOCKED_MS = BUDGET_MS / 2;
/** Room for a loaded machine on top of the budget; the bug being guarded against waited 5 s. */
const SLACK_MS = 1_500;

const flowOf = (id: string): OAuthFlowRecord => ({
  id,
  tenant: 'default',
  status: 'started',
  data: { provider: 'google' },
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:10:00.000Z',
});

/** Runs `work` and reports how long it took and the longest the event loop was held meanwhile. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; blockedMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, blockedMs: loop.max / 1e6 };
  } finally {
    loop.disable();
  }
}

/** Every store operation, each of which must give up on a lock within the budget. */
const OPERATIONS: ReadonlyArray<[string, (store: SettingsStore) => Promise<unknown>]> = [
  ['get', (store) => store.get('default')],
  ['getRevision', (store) => store.getRevision('default')],
  ['audit', (store) => store.audit('default')],
  [
    'put',
    (store) =>
      store.put('default', { settings: {}, updatedAt: '', updatedBy: 'admin', changedFields: [] }, 1),
  ],
  [
    'rotateSecret',
    (store) =>
      store.rotateSecret(
        'default',
        { field: 'refreshToken', sealed: 'v1.sealed', at: '2030-01-01T00:00:00.000Z', actor: 'mailer' },
        1,
      ),
  ],
  [
    'recordAudit',
    (store) =>
      store.recordAudit('default', {
        action: 'test',
        version: 1,
        at: '2030-01-01T00:00:00.000Z',
        actor: 'admin',
        test: { host: 'smtp.example.com', port: 587, outcome: 'passed' },
      }),
  ],
  ['createFlow', (store) => store.createFlow(flowOf('flow-2'))],
  ['getFlow', (store) => store.getFlow('default', 'flow-1')],
  [
    'transitionFlow',
    (store) => store.transitionFlow('default', 'flow-1', 'started', { status: 'failed', data: {} }),
  ],
  ['deleteExpiredFlows', (store) => store.deleteExpiredFlows('2030-01-01T00:00:00.000Z')],
];

describe('sqliteStore while another process holds the lock', () => {
  const file = useSqliteFile('smtp-settings-busy-');

  const openStore = (options: { busyTimeoutMs?: number } = {}) =>
    file.openStore({ busyTimeoutMs: BUDGET_MS, ...options });

  /** A host's own connection in rollback-journal mode, where an exclusive lock shuts out readers too. */
  const openGivenStore = () => {
    const database = new Database(file.filename, { timeout: 0 });
    file.closeAfter(() => database.close());
    const store = sqliteStore({ database, busyTimeoutMs: BUDGET_MS });
    file.closeAfter(() => store.close());
    return store;
  };

  it('answers a save with 503 STORE_BUSY and Retry-After within its budget, without holding the event loop', async () => {
    const api = createTestApp({ store: openStore() });
    expect((await api.call('PUT', '/settings', { body: { settings: basicDraft() } })).status).toBe(200);
    const holder = await file.hold();
    const logged = transcript.length;

    const { result, ms, blockedMs } = await measured(() =>
      Promise.all([
        api.call('PUT', '/settings', {
          body: { settings: basicDraft({ fromName: 'Renamed' }) },
          headers: { 'If-Match': '"1"' },
        }),
        // WAL: reading goes on beside another process's write lock.
        api.call('GET', '/settings'),
      ]),
    );
    const [save, read] = result;

    expect(save.status).toBe(503);
    expect(save.headers.get('Retry-After')).toBe('1');
    expect(save.body).toEqual({
      error: { code: 'STORE_BUSY', message: expect.any(String), messageKey: 'error.storeBusy' },
    });
    expect(ms).toBeGreaterThanOrEqual(BUDGET_MS);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(blockedMs).toBeLessThan(MAX_BLOCKED_MS);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, settings: { fromName: 'Example App' } });
    const lines = transcript.slice(logged);
    expect(lines.filter((line) => line.includes('request failed'))).toEqual([]);
    expect(lines.filter((line) => line.includes('the store is busy'))).toHaveLength(1);

    await holder.release();
    // Nothing of the refused save was written: the same request now saves version 2, audited once.
    const again = await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ fromName: 'Renamed' }) },
      headers: { 'If-Match': '"1"' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 2, settings: { fromName: 'Renamed' } });
    expect(
      (await api.call('GET', '/settings/audit')).body.entries.map((entry: any) => entry.version),
    ).toEqual([2, 1]);
  });

  it('answers a read it cannot make with 503 instead of hanging', async () => {
    const api = createTestApp({ store: openGivenStore() });
    expect((await api.call('PUT', '/settings', { body: { settings: basicDraft() } })).status).toBe(200);
    await file.hold('exclusive');

    const { result: read, ms, blockedMs } = await measured(() => api.call('GET', '/settings'));

    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('STORE_BUSY');
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(blockedMs).toBeLessThan(MAX_BLOCKED_MS);
  });

  it.each(OPERATIONS)('gives up on %s with StoreBusyError after the budget', async (_name, operation) => {
    const store = openGivenStore();
    await store.createFlow(flowOf('flow-1'));
    await file.hold('exclusive');

    const { result, ms, blockedMs } = await measured(() =>
      operation(store).then(
        () => undefined,
        (e) => e,
      ),
    );

    expect(result).toBeInstanceOf(StoreBusyError);
    expect(ms).toBeGreaterThanOrEqual(BUDGET_MS);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(blockedMs).toBeLessThan(MAX_BLOCKED_MS);
  });

  it('saves once the other process lets go within the budget, writing the version and its audit once', async () => {
    const store = openStore({ busyTimeoutMs: 5_000 });
    const holder = await file.hold();
    const write = {
      settings: { host: 'smtp.example.com' },
      updatedAt: '',
      updatedBy: 'admin',
      changedFields: [],
    };

    const saving = store.put('default', write, 0);
    const release = new Promise((resolve) => setTimeout(resolve, 200)).then(() => holder.release());
    const { result, blockedMs } = await measured(() => saving);
    await release;

    expect(result.version).toBe(1);
    expect(blockedMs).toBeLessThan(MAX_BLOCKED_MS);
    expect(await store.audit('default')).toHaveLength(1);
  });

  it('rejects a mailer send clearly while it cannot read the settings', async () => {
    const secretKey = newSecretKey();
    const store = openGivenStore();
    const api = createTestApp({ store, secretKey });
    expect((await api.call('PUT', '/settings', { body: { settings: basicDraft() } })).status).toBe(200);
    const mailer = createMailer({ store, secretKey, logger: capturingLogger });
    file.closeAfter(() => mailer.close());
    await file.hold('exclusive');

    const { result, ms, blockedMs } = await measured(() =>
      mailer.send({ to: 'qa-lead@example.com', subject: 'Hi', text: 'Hello' }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );

    expect(result).toBeInstanceOf(StoreBusyError);
    expect((result as StoreBusyError).message).toMatch(/locked by another connection/);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(blockedMs).toBeLessThan(MAX_BLOCKED_MS);
  });

  it('opens a file another process has locked since before its tables exist within a second, or says it is busy', async () => {
    await file.hold();
    const started = performance.now();
    // Opening is synchronous, so this wait is on the event loop: bounded to a second while the host starts.
    expect(() => openStore()).toThrow(StoreBusyError);
    expect(performance.now() - started).toBeLessThan(1_000 + SLACK_MS);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('refuses a busyTimeoutMs of %s', (busyTimeoutMs) => {
    expect(() => openStore({ busyTimeoutMs })).toThrow(/busyTimeoutMs/);
  });

  it('opens a file another process is writing to without waiting, once its tables exist', async () => {
    openStore();
    await file.hold();
    const { result: store, ms } = await measured(async () => openStore());
    expect(ms).toBeLessThan(MAX_BLOCKED_MS);
    expect(await store.getRevision('default')).toBe(0);
  });
});

describe('writeFailureOf', () => {
  it.each([
    ['SQLITE_FULL', 'full'],
    ['SQLITE_IOERR', 'io'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['SQLITE_IOERR_FSYNC', 'io'],
    ['SQLITE_BUSY', undefined],
    ['SQLITE_CONSTRAINT_UNIQUE', undefined],
    ['SQLITE_FULLNESS', undefined],
  ])('reads %s as %s', (code, failure) => {
    expect(writeFailureOf(Object.assign(new Error('x'), { code }))).toBe(failure);
  });

  it('turns a full database into StoreWriteError at once, without retrying', async () => {
    let attempts = 0;
    const full = () => {
      attempts += 1;
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    await expect(retryWhileBusy('add a delivery', 5_000, full)).rejects.toMatchObject({
      name: 'StoreWriteError',
      failure: 'full',
      operation: 'add a delivery',
      cause: expect.objectContaining({ code: 'SQLITE_FULL' }),
    });
    expect(attempts).toBe(1);
  });
});
