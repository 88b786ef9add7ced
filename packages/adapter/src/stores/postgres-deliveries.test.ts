import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queuedDelivery } from '../../test/delivery-fixture.js';
import { describeDeliveryStoreContract } from '../../test/delivery-store-contract.js';
import {
  dropTestSchema,
  TEST_DATABASE_URL,
  testSchemaName,
  withTestDatabase,
} from '../../test/postgres-fixture.js';
import type { ClaimRequest, DeliveryStore } from '../outbox/delivery-store.js';
import { postgresStore } from './postgres-store.js';

// Fails the run, with a hint, when PostgreSQL is down: CI starts it, so a missing server is a broken setup.
beforeAll(() => withTestDatabase((client) => client.query('SELECT 1')));

describeDeliveryStoreContract('postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema, notifications: false }),
    cleanup: () => dropTestSchema(schema),
  };
});

const START = Date.UTC(2026, 0, 1);
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

const sent = (seconds: number) => ({
  status: 'sent' as const,
  attempt: { number: 1, at: at(seconds), durationMs: 1, outcome: 'sent' as const },
});

describe('postgresStore’s outbox shared by processes', () => {
  let schema: string;
  let a: ReturnType<typeof postgresStore>;
  let b: ReturnType<typeof postgresStore>;

  beforeEach(() => {
    schema = testSchemaName();
    // Each store opens a pool of its own: as far as PostgreSQL can tell, two processes.
    a = postgresStore({ connectionString: TEST_DATABASE_URL, schema, notifications: false });
    b = postgresStore({ connectionString: TEST_DATABASE_URL, schema, notifications: false });
  });

  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await dropTestSchema(schema);
  });

  const claimOf = (store: DeliveryStore, owner: string, request: Partial<ClaimRequest> = {}) =>
    store.claimDeliveries({
      now: at(100),
      limit: 7,
      perTenant: 3,
      owner,
      leaseUntil: at(1000),
      skipTenants: [],
      ...request,
    });

  it('never hands one message to two claimers on separate pools claiming at once', async () => {
    const ids = Array.from({ length: 400 }, (_, n) => `delivery-${n}`);
    await Promise.all(
      ids.map((id, n) => a.addDelivery(queuedDelivery(id, { tenant: `tenant-${n % 9}`, dueAt: at(n % 50) }))),
    );

    // Four workers on each pool, each claiming and finishing until nothing is due for anyone.
    const work = async (store: DeliveryStore, owner: string) => {
      const claimed: string[] = [];
      for (;;) {
        const batch = await claimOf(store, owner);
        if (batch.length === 0) {
          // Empty while another worker's claim holds the last rows it could take: done once none is due.
          const next = await store.nextDueAt([]);
          if (next === undefined || next > at(100)) return claimed;
          continue;
        }
        claimed.push(...batch.map(({ id }) => id));
        const finished = await Promise.all(
          batch.map(({ id }) => store.finishAttempt(id, owner, sent(100), at(100))),
        );
        expect(finished.every(Boolean)).toBe(true);
      }
    };
    const workers = await Promise.all(
      [a, b].flatMap((store, pool) => [0, 1, 2, 3].map((n) => work(store, `worker-${pool}-${n}`))),
    );

    const claimed = workers.flat();
    expect(claimed).toHaveLength(ids.length);
    expect(new Set(claimed).size).toBe(ids.length);
    // Both pools took part: the claims really ran side by side.
    expect(workers.slice(0, 4).flat().length).toBeGreaterThan(0);
    expect(workers.slice(4).flat().length).toBeGreaterThan(0);
    expect((await a.countDeliveries('tenant-0', at(0))).counts.sent).toBe(45);
  });

  it('gives a message whose lease ran out to one of many claimers at once', async () => {
    for (let n = 0; n < 10; n++)
      await a.addDelivery(queuedDelivery(`delivery-${n}`, { tenant: `tenant-${n}` }));
    expect(await claimOf(a, 'worker-dead', { limit: 10, leaseUntil: at(50) })).toHaveLength(10);

    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, n) => claimOf(n % 2 === 0 ? a : b, `worker-${n}`, { limit: 10 })),
    );
    const reclaimed = claims.flat();
    expect(reclaimed).toHaveLength(10);
    expect(new Set(reclaimed.map(({ id }) => id)).size).toBe(10);
    expect(reclaimed.every(({ reclaimed }) => reclaimed)).toBe(true);
  });

  it('lets either the old owner’s finish or a reclaim win a race, never both', async () => {
    const ids = Array.from({ length: 30 }, (_, n) => `delivery-${n}`);
    for (const id of ids) await a.addDelivery(queuedDelivery(id));
    expect(await claimOf(a, 'worker-1', { limit: 30, perTenant: 30, leaseUntil: at(50) })).toHaveLength(30);

    const [finished, reclaimed] = await Promise.all([
      Promise.all(ids.map((id) => a.finishAttempt(id, 'worker-1', sent(99), at(100)))),
      claimOf(b, 'worker-2', { limit: 30, perTenant: 30 }),
    ]);

    const won = ids.filter((_, index) => finished[index]);
    const taken = reclaimed.map(({ id }) => id);
    expect([...won, ...taken].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const delivery = await b.getDelivery('acme', id);
      expect(delivery?.delivery.status).toBe(won.includes(id) ? 'sent' : 'sending');
      expect(delivery?.attempts).toHaveLength(won.includes(id) ? 1 : 0);
    }
  });

  it('gives a tenant’s turn to one of many owners asking at once from both pools', async () => {
    const ask = (n: number, seconds: number) =>
      (n % 2 === 0 ? a : b).takeTurn({
        tenant: 'acme',
        owner: `worker-${n}`,
        until: at(seconds + 30),
        now: at(seconds),
      });
    const first = await Promise.all(Array.from({ length: 20 }, (_, n) => ask(n, 0)));
    expect(first.filter((state) => state !== null)).toEqual([{ recent: [] }]);

    // Once the lease ran out, again one of them, and it finds the state the turn before left.
    const winner = first.findIndex((state) => state !== null);
    await (winner % 2 === 0 ? a : b).endTurn('acme', `worker-${winner}`, { recent: [at(1)] });
    const second = await Promise.all(Array.from({ length: 20 }, (_, n) => ask(n + 20, 40)));
    expect(second.filter((state) => state !== null)).toEqual([{ recent: [at(1)] }]);
  });

  it('reports a tenant’s change of health once, of many instances seeing it at once', async () => {
    const change = (code: string | null, seconds: number) =>
      Promise.all(
        Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).changeHealth('acme', code, at(seconds))),
      );
    const changes = (answers: boolean[]) => answers.filter(Boolean).length;

    // Never recorded counts as working.
    expect(changes(await change(null, 0))).toBe(0);
    expect(changes(await change('AUTH_FAILED', 1))).toBe(1);
    expect(changes(await change('AUTH_FAILED', 2))).toBe(0);
    expect(changes(await change('CONNECTION_REFUSED', 3))).toBe(1);
    expect(changes(await change(null, 4))).toBe(1);
    expect(changes(await change(null, 5))).toBe(0);
  });

  it('stores one message per idempotency key when both pools add it at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 === 0 ? a : b).addDelivery(queuedDelivery(`delivery-${n}`, { idempotencyKey: 'order-1' })),
      ),
    );
    const created = results.filter((result) => result.created);
    expect(created).toHaveLength(1);
    expect(results.every(({ id }) => id === created[0]?.id)).toBe(true);
  });
});

describe('postgresStore’s adds of the same moment', () => {
  let schema: string;
  let store: ReturnType<typeof postgresStore>;

  beforeEach(() => {
    schema = testSchemaName();
    store = postgresStore({ connectionString: TEST_DATABASE_URL, schema, notifications: false });
  });

  afterEach(async () => {
    await store.close();
    await dropTestSchema(schema);
  });

  it('fails only the add at fault when they share a statement', async () => {
    await store.addDelivery(queuedDelivery('taken'));
    const attempt = { number: 1, at: at(1), durationMs: 5, outcome: 'sent' as const };
    const results = await Promise.allSettled([
      store.addDelivery(queuedDelivery('first')),
      // PostgreSQL stores no NUL in text.
      store.addDelivery(queuedDelivery('unstorable', { subject: 'Nul \u0000 byte' })),
      store.addDelivery(queuedDelivery('taken', { subject: 'Another subject' })),
      store.addDelivery(
        queuedDelivery('direct', { source: 'mailer', status: 'sent', content: null, attempt }),
      ),
      store.addDelivery(queuedDelivery('keyed', { idempotencyKey: 'order-1' })),
      store.addDelivery(queuedDelivery('keyed-again', { idempotencyKey: 'order-1' })),
    ]);

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : undefined))).toEqual([
      { id: 'first', created: true },
      undefined,
      undefined,
      { id: 'direct', created: true },
      { id: 'keyed', created: true },
      { id: 'keyed', created: false },
    ]);
    const [, unstorable] = results;
    expect(String((unstorable as PromiseRejectedResult).reason)).not.toContain('Nul');
    expect((await store.getDelivery('acme', 'taken'))?.delivery.subject).toBe('Test case TC-42 was updated');
    expect((await store.getDelivery('acme', 'direct'))?.attempts).toEqual([attempt]);
    expect(await store.getDelivery('acme', 'unstorable')).toBeNull();
    expect((await store.listDeliveries('acme', { limit: 10 })).deliveries).toHaveLength(4);
  });
});
