import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryAttempt } from '@smtp-settings/schema';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queuedDelivery } from '../../test/delivery-fixture.js';
import { runTypeScript } from '../../test/fresh-process.js';
import { useSqliteFile } from '../../test/sqlite-file-fixture.js';
import type { DeliveryStore } from '../outbox/delivery-store.js';
import { sqliteStore } from './sqlite-store.js';
import { StoreBusyError, StoreWriteError } from './store.js';

/** The store's budget in these tests: short, so a test waits it out quickly. */
const BUDGET_MS = 300;
/** Room for a loaded machine on top of the budget. */
const SLACK_MS = 1_500;
const NOW = '2026-01-01T00:00:10.000Z';
const CLAIMER = new URL('../../test/sqlite-claimer.ts', import.meta.url);
const CLOSING_HOST = new URL('../../test/sqlite-closing-host.ts', import.meta.url);

const sentAttempt = (response = '250 2.0.0 Ok: queued as 4F3A1'): DeliveryAttempt => ({
  number: 1,
  at: NOW,
  durationMs: 120,
  outcome: 'sent',
  response,
});

/** A message `mailer.send()` sent: a small row, and an attempt holding the server's whole reply. */
const logged = (id: string, response?: string) =>
  queuedDelivery(id, { source: 'mailer', status: 'sent', content: null, attempt: sentAttempt(response) });

const claimRequest = { now: NOW, limit: 10, perTenant: 10, owner: 'worker-1', skipTenants: [] };
const leaseUntil = '2026-01-01T00:01:10.000Z';

/** Every write of the outbox, each of which must give up on a lock within the budget, having written nothing. */
const WRITES: ReadonlyArray<[string, (store: DeliveryStore) => Promise<unknown>]> = [
  ['addDelivery', (store) => store.addDelivery(queuedDelivery('delivery-2'))],
  [
    'claimDeliveries',
    (store) => store.claimDeliveries({ ...claimRequest, owner: 'worker-2', leaseUntil: NOW }),
  ],
  [
    'finishAttempt',
    (store) => store.finishAttempt('delivery-1', 'worker-1', { status: 'sent', attempt: sentAttempt() }, NOW),
  ],
  [
    'holdTenant',
    (store) =>
      store.holdTenant({
        tenant: 'acme',
        failure: { code: 'AUTH_FAILED', message: 'Refused.', hint: 'Check the password.' },
        since: NOW,
        revision: 1,
      }),
  ],
  ['releaseTenant', (store) => store.releaseTenant('acme', NOW)],
  ['resendDelivery', (store) => store.resendDelivery('acme', 'delivery-1', NOW)],
  ['discardDelivery', (store) => store.discardDelivery('acme', 'delivery-1', NOW)],
  [
    'expireDeliveries',
    (store) => store.expireDeliveries(NOW, { code: 'EXPIRED', message: 'Too old.', hint: 'Resend it.' }, NOW),
  ],
  ['purgeDeliveries', (store) => store.purgeDeliveries(NOW)],
];

describe('sqliteStore’s outbox on a file', () => {
  const file = useSqliteFile('smtp-settings-outbox-');

  const openStore = (busyTimeoutMs = BUDGET_MS) => file.openStore({ busyTimeoutMs });

  /** The database as another connection sees it. */
  const inspect = <T>(sql: string, ...parameters: unknown[]): T => {
    const db = new Database(file.filename, { readonly: true });
    try {
      return db
        .prepare(sql)
        .pluck()
        .get(...parameters) as T;
    } finally {
      db.close();
    }
  };

  it.each(WRITES)(
    'gives up on %s with StoreBusyError while another process writes, having written nothing',
    async (_name, write) => {
      const store = openStore();
      await store.addDelivery(queuedDelivery('delivery-1'));
      await store.claimDeliveries({ ...claimRequest, leaseUntil });
      const before = inspect<string>(
        `SELECT json_group_array(json_array(id, status, due_at, updated_at, lease_owner, attempts))
       FROM smtp_deliveries`,
      );
      const holder = await file.hold();

      const started = performance.now();
      const error = await write(store).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(error).toBeInstanceOf(StoreBusyError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(BUDGET_MS);
      expect(performance.now() - started).toBeLessThan(BUDGET_MS + SLACK_MS);
      await holder.release();
      expect(
        inspect<string>(
          `SELECT json_group_array(json_array(id, status, due_at, updated_at, lease_owner, attempts))
         FROM smtp_deliveries`,
        ),
      ).toBe(before);
      expect(inspect<number>('SELECT count(*) FROM smtp_delivery_attempts')).toBe(0);
      expect(inspect<number>('SELECT count(*) FROM smtp_delivery_holds')).toBe(0);
    },
  );

  it('reads the log while another process writes, and stores a waiting add once the lock is let go', async () => {
    const store = openStore(5_000);
    await store.addDelivery(queuedDelivery('delivery-1', { to: ['Dana@Example.com'] }));
    const holder = await file.hold();

    const adding = store.addDelivery(queuedDelivery('delivery-2'));
    // WAL: reading goes on beside another process's write lock.
    expect(
      (await store.listDeliveries('acme', { limit: 10, recipient: 'dana@example.com' })).deliveries,
    ).toHaveLength(1);
    expect(await store.getDelivery('acme', 'delivery-1')).not.toBeNull();
    expect((await store.countDeliveries('acme', NOW)).waiting).toBe(1);
    expect(await store.nextDueAt([])).toBe('2026-01-01T00:00:00.000Z');
    expect(await store.listHolds()).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.release();
    expect(await adding).toEqual({ id: 'delivery-2', created: true });
    expect(inspect<number>('SELECT count(*) FROM smtp_deliveries')).toBe(2);
  });

  it('rejects an add with StoreWriteError when the database is full, writing none of it', async () => {
    const { database, store } = openGivenStore();
    await store.addDelivery(queuedDelivery('before'));
    // A size limit just above what is used: SQLite then answers SQLITE_FULL, exactly as on a full disk.
    const pages = database.pragma('page_count', { simple: true }) as number;
    database.pragma(`max_page_count = ${pages + 4}`);
    const reply = `250 2.0.0 Ok ${'x'.repeat(200_000)}`;

    const error = await store.addDelivery(logged('too-large', reply)).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(StoreWriteError);
    expect(error).toMatchObject({ failure: 'full', operation: 'add a delivery' });
    expect((error as Error).message).toMatch(/is full.*nothing was written/);
    expect((error as Error).message).not.toContain('xxxx');
    // Its row fitted, its attempt did not: the transaction took back the row too.
    expect(await store.getDelivery('acme', 'too-large')).toBeNull();
    expect(database.prepare('SELECT count(*) FROM smtp_delivery_attempts').pluck().get()).toBe(0);

    // Adds of the same moment share a commit, yet the one that does not fit fails alone.
    const [small, large] = await Promise.allSettled([
      store.addDelivery(queuedDelivery('small')),
      store.addDelivery(logged('large', reply)),
    ]);
    expect(small).toEqual({ status: 'fulfilled', value: { id: 'small', created: true } });
    expect(large).toMatchObject({ status: 'rejected', reason: expect.any(StoreWriteError) });
    await expect(
      store.put(
        'acme',
        { settings: { note: reply }, updatedAt: NOW, updatedBy: 'admin', changedFields: [] },
        0,
      ),
    ).rejects.toBeInstanceOf(StoreWriteError);

    database.pragma('max_page_count = 1073741823');
    expect(await store.addDelivery(logged('too-large', reply))).toEqual({ id: 'too-large', created: true });
    expect((await store.getDelivery('acme', 'too-large'))?.attempts).toEqual([sentAttempt(reply)]);
  });

  /** A store on a host's own connection in WAL mode, which the store never checkpoints in the background. */
  const openGivenStore = () => {
    const database = new Database(file.filename, { timeout: 0 });
    file.closeAfter(() => database.close());
    database.pragma('journal_mode = WAL');
    const store = sqliteStore({ database, busyTimeoutMs: BUDGET_MS });
    return { database, store };
  };

  it('commits the adds of one moment together, so fifty producers share one sync of the log', async () => {
    const { store } = openGivenStore();
    await store.addDelivery(queuedDelivery('first'));
    /** How much the write-ahead log grows while `adds` run: every commit appends the pages it changed. */
    const logGrowth = async (adds: () => Promise<unknown>) => {
      const before = statSync(`${file.filename}-wal`).size;
      await adds();
      return statSync(`${file.filename}-wal`).size - before;
    };
    const ids = (prefix: string) => Array.from({ length: 50 }, (_, n) => `${prefix}-${n}`);

    const together = await logGrowth(() =>
      Promise.all(ids('together').map((id) => store.addDelivery(queuedDelivery(id)))),
    );
    const apart = await logGrowth(async () => {
      for (const id of ids('apart')) await store.addDelivery(queuedDelivery(id));
    });

    expect(together).toBeGreaterThan(0);
    expect(together * 5).toBeLessThan(apart);
    expect(inspect<number>('SELECT count(*) FROM smtp_deliveries')).toBe(101);
  });

  it('stores the rest of a commit when one add in it fails', async () => {
    const store = openStore();
    await store.addDelivery(queuedDelivery('taken'));
    const results = await Promise.allSettled([
      store.addDelivery(queuedDelivery('first')),
      store.addDelivery(queuedDelivery('taken', { tenant: 'globex' })),
      store.addDelivery(queuedDelivery('last')),
    ]);
    expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inspect<string>('SELECT json_group_array(id ORDER BY seq) FROM smtp_deliveries')).toBe(
      JSON.stringify(['taken', 'first', 'last']),
    );
  });

  it('copies the outbox’s log back into the database file on a thread of its own', async () => {
    const store = openStore();
    await store.addDelivery(queuedDelivery('first'));
    const before = statSync(file.filename).size;
    // About 500 KB in one commit: under the 1,000 pages after which SQLite would checkpoint in the commit.
    const content = `v1.${'sealed'.repeat(400)}`;
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => store.addDelivery(queuedDelivery(`delivery-${n}`, { content }))),
    );

    const deadline = performance.now() + 5_000;
    while (statSync(file.filename).size < before + 200 * 2_000 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file.filename).size).toBeGreaterThanOrEqual(before + 200 * 2_000);
  });

  it('lets a host process close the store and carry on after the outbox wrote', async () => {
    expect(await runTypeScript(CLOSING_HOST, { args: [file.filename] })).toBe('closed');
  });

  it('deletes the attempts of the messages it purges', async () => {
    const store = openStore();
    await store.addDelivery(logged('purged'));
    await store.addDelivery(queuedDelivery('kept'));
    await store.claimDeliveries({ ...claimRequest, leaseUntil });
    const attempt = { ...sentAttempt(), outcome: 'retry' as const };
    await store.finishAttempt('kept', 'worker-1', { status: 'retrying', attempt, dueAt: leaseUntil }, NOW);

    expect(await store.purgeDeliveries('2026-01-02T00:00:00.000Z')).toBe(1);
    expect(inspect<string>('SELECT json_group_array(delivery_id) FROM smtp_delivery_attempts')).toBe(
      '["kept"]',
    );
  });

  it('hands each message to exactly one of three worker processes claiming at once', {
    timeout: 60_000,
  }, async () => {
    const store = openStore();
    const ids = Array.from({ length: 600 }, (_, n) => `delivery-${n}`);
    await Promise.all(
      ids.map((id, n) => store.addDelivery(queuedDelivery(id, { tenant: `tenant-${n % 5}` }))),
    );

    const ready = mkdtempSync(join(file.dir, 'ready-'));
    const owners = ['worker-a', 'worker-b', 'worker-c'];
    const workers = await Promise.all(
      owners.map(async (owner) =>
        JSON.parse(
          await runTypeScript(CLAIMER, { args: [file.filename, owner, ready, String(owners.length)] }),
        ),
      ),
    );

    const claimed = workers.flatMap(({ claimed }) => claimed as string[]);
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(workers.flatMap(({ finished }) => finished as string[]).sort()).toEqual([...ids].sort());
    expect(inspect<number>("SELECT count(*) FROM smtp_deliveries WHERE status = 'sent'")).toBe(600);
    expect(inspect<number>('SELECT count(*) FROM smtp_delivery_attempts')).toBe(600);
  });
});

/** A promise and the function that settles it, for holding a sync until the test lets it go. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const syncDirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of syncDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileStore() {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-sync-'));
  syncDirs.push(dir);
  const filename = join(dir, 'smtp-settings.db');
  return { filename, store: sqliteStore({ filename }) };
}

/** Whether `promise` settled by the time the event loop has turned a few times. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('an add on the store’s own file', () => {
  it('resolves only after a sync of the log that started once it was committed; the adds made during a sync share the next commit and sync', async () => {
    const { store } = fileStore();
    // FileHandle is not exported: its prototype is reached through a handle.
    const probe = await open(__filename, 'r');
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const gates: ReturnType<typeof gate>[] = [];
    const datasync = vi.spyOn(prototype, 'datasync').mockImplementation(async () => {
      const held = gate();
      gates.push(held);
      await held.opened;
    });

    const first = store.addDelivery(queuedDelivery('delivery-1'));
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    expect(await settled(first)).toBe(false);
    // Made while the first sync runs: committed together once it is done, then synced by the next.
    const second = store.addDelivery(queuedDelivery('delivery-2'));
    const third = store.addDelivery(queuedDelivery('delivery-3'));
    expect(await settled(second)).toBe(false);
    expect(gates).toHaveLength(1);
    expect((await store.countDeliveries('acme', NOW)).waiting).toBe(1);

    gates[0]?.open();
    expect(await first).toEqual({ id: 'delivery-1', created: true });
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    expect(await settled(second)).toBe(false);
    expect((await store.countDeliveries('acme', NOW)).waiting).toBe(3);
    gates[1]?.open();
    expect(await Promise.all([second, third])).toEqual([
      { id: 'delivery-2', created: true },
      { id: 'delivery-3', created: true },
    ]);
    expect(datasync).toHaveBeenCalledTimes(2);
    await store.close();
  });

  it('rejects with StoreWriteError (sync) when the log cannot be synced, saying the message may be kept', async () => {
    const { filename, store } = fileStore();
    await store.addDelivery(queuedDelivery('delivery-1'));
    await store.close();
    const reopened = sqliteStore({ filename });
    // The connection keeps writing to its open log; the store's sync can no longer open it.
    await reopened.countDeliveries('acme', '1970-01-01T00:00:00.000Z');
    unlinkSync(`${filename}-wal`);
    const failed = reopened.addDelivery(queuedDelivery('delivery-2'));
    await expect(failed).rejects.toBeInstanceOf(StoreWriteError);
    await expect(failed).rejects.toMatchObject({ failure: 'sync', message: /may or may not be kept/ });
    expect((await reopened.getDelivery('acme', 'delivery-2'))?.delivery.id).toBe('delivery-2');
    await reopened.close();
  });
});
