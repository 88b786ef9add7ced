import type { DeliveryAttempt, DeliveryErrorCode, DeliveryFailure } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AttemptResult,
  ClaimRequest,
  ContentResealing,
  DeliveryRecord,
  DeliveryStore,
  NewDelivery,
  SealedContent,
  TenantHold,
} from '../src/outbox/delivery-store.js';
import type { TenantTurns } from '../src/outbox/tenant-turns.js';
import { DeliveryCursorError } from '../src/stores/delivery-cursor.js';

/** What a contract run needs: a fresh, empty store and a way to throw its backing data away afterwards. */
export interface DeliveryStoreUnderTest {
  /** The store to test; the suite closes it after each test. */
  store: DeliveryStore & ContentResealing & TenantTurns & { close(): Promise<void> };
  /** Removes whatever backs the store (a temp file, a schema), after `close()`. */
  cleanup?: () => Promise<void>;
}

const START = Date.UTC(2026, 0, 1);
/** The time `seconds` after the start of every test's made-up clock: stores never read a clock of their own. */
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

let made = 0;
/** A message for the outbox, due when created unless `dueAt` says otherwise. */
const queued = (overrides: Partial<NewDelivery> = {}): NewDelivery => {
  made += 1;
  const id = overrides.id ?? `delivery-${made}`;
  return {
    id,
    tenant: 'acme',
    source: 'outbox',
    status: 'queued',
    createdAt: at(0),
    messageId: `<${id}@mail.example.com>`,
    to: ['qa-lead@example.com'],
    cc: [],
    bcc: [],
    subject: `Test case TC-${made} was updated`,
    content: `v1.sealed.content-of-${id}`,
    ...overrides,
  };
};

const failureOf = (code: DeliveryErrorCode): DeliveryFailure => ({
  code,
  stage: 'connect',
  message: `The attempt failed with ${code}.`,
  serverReply: '421 4.3.2 Service not available',
  hint: 'Check the mail server.',
});

const sentAttempt = (number: number, seconds: number): DeliveryAttempt => ({
  number,
  at: at(seconds),
  durationMs: 120,
  outcome: 'sent',
  response: '250 2.0.0 Ok: queued as 4F3A1',
});

const failedAttempt = (
  number: number,
  seconds: number,
  outcome: DeliveryAttempt['outcome'],
  code: DeliveryErrorCode,
): DeliveryAttempt => ({ number, at: at(seconds), durationMs: 30, outcome, failure: failureOf(code) });

/** A message `mailer.send()` sent or failed itself: logged with its one attempt, its content never kept. */
const direct = (status: 'sent' | 'failed', attempt: DeliveryAttempt, overrides: Partial<NewDelivery> = {}) =>
  queued({ source: 'mailer', status, content: null, attempt, createdAt: attempt.at, ...overrides });

const holdOf = (tenant: string, code: DeliveryErrorCode, seconds: number, revision: number): TenantHold => ({
  tenant,
  failure: failureOf(code),
  since: at(seconds),
  revision,
});

/** The record a new queued message is stored as, with `changes`; a change to `undefined` leaves the field out. */
const recordOf = (delivery: NewDelivery, changes: Partial<DeliveryRecord> = {}): DeliveryRecord => {
  const { content: _content, attempt: _attempt, ...fields } = delivery;
  const record: DeliveryRecord = {
    ...fields,
    status: 'queued',
    updatedAt: delivery.createdAt,
    dueAt: delivery.dueAt ?? delivery.createdAt,
    attempts: 0,
    ...changes,
  };
  // Through JSON, which leaves out the fields set to undefined, as a store does.
  return JSON.parse(JSON.stringify(record));
};

/**
 * Registers the behaviour every {@link DeliveryStore} must have as vitest tests, each run against a fresh
 * store from `makeStore`. Times are made up and passed in, as the outbox passes its clock's.
 *
 * @example
 * ```ts
 * describeDeliveryStoreContract('memoryStore', async () => ({ store: memoryStore() }));
 * ```
 */
export function describeDeliveryStoreContract(
  name: string,
  makeStore: () => Promise<DeliveryStoreUnderTest>,
): void {
  describe(`${name} (delivery store contract)`, () => {
    let store: DeliveryStore & ContentResealing & TenantTurns & { close(): Promise<void> };
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    /** Claims for `owner` at `seconds`, with a lease of a minute; every tenant, at most 100 of each. */
    const claim = (seconds: number, request: Partial<ClaimRequest> = {}) =>
      store.claimDeliveries({
        now: at(seconds),
        limit: 100,
        perTenant: 100,
        owner: 'worker-1',
        leaseUntil: at(seconds + 60),
        skipTenants: [],
        ...request,
      });
    const ids = (deliveries: ReadonlyArray<{ id: string }>) => deliveries.map(({ id }) => id);
    const add = async (delivery: NewDelivery) => {
      await store.addDelivery(delivery);
      return delivery;
    };
    /** Adds a message, claims it at `seconds` and finishes the attempt with `result`. */
    const attempted = async (delivery: NewDelivery, seconds: number, result: AttemptResult) => {
      await add(delivery);
      expect(ids(await claim(seconds, { skipTenants: [] }))).toContain(delivery.id);
      expect(await store.finishAttempt(delivery.id, 'worker-1', result, at(seconds))).toBe(true);
      return delivery;
    };
    const read = async (id: string, tenant = 'acme') => (await store.getDelivery(tenant, id))?.delivery;
    const list = async (query: Parameters<DeliveryStore['listDeliveries']>[1], tenant = 'acme') =>
      ids((await store.listDeliveries(tenant, query)).deliveries);

    it('adds a queued message and reads it back, only for its tenant', async () => {
      const delivery = queued({
        idempotencyKey: 'order-1',
        createdAt: at(1),
        dueAt: at(5),
        to: ['QA-Lead@Example.com', 'dev@example.com'],
        cc: ['cc@example.com'],
        bcc: ['audit@example.com'],
        subject: 'Grüße 📬',
      });
      expect(await store.addDelivery(delivery)).toEqual({ id: delivery.id, created: true });

      expect(await store.getDelivery('acme', delivery.id)).toStrictEqual({
        delivery: recordOf(delivery),
        attempts: [],
      });
      expect(await store.getDelivery('globex', delivery.id)).toBeNull();
      expect(await store.getDelivery('acme', 'no-such-delivery')).toBeNull();

      const notBefore = await add(queued());
      expect((await read(notBefore.id))?.dueAt).toBe(notBefore.createdAt);
    });

    it('stores one message per idempotency key of a tenant, and lets another tenant use the same key', async () => {
      const first = await add(queued({ idempotencyKey: 'order-1' }));
      const again = queued({ idempotencyKey: 'order-1', subject: 'Another subject' });
      expect(await store.addDelivery(again)).toEqual({ id: first.id, created: false });
      expect(await store.getDelivery('acme', again.id)).toBeNull();
      expect((await read(first.id))?.subject).toBe(first.subject);

      const elsewhere = queued({ tenant: 'globex', idempotencyKey: 'order-1' });
      expect(await store.addDelivery(elsewhere)).toEqual({ id: elsewhere.id, created: true });
      const [a, b] = [queued(), queued()];
      expect(await store.addDelivery(a)).toEqual({ id: a.id, created: true });
      expect(await store.addDelivery(b)).toEqual({ id: b.id, created: true });
      expect(await list({ limit: 10 })).toHaveLength(3);
    });

    it('keeps one message when the same key is added twenty times at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.addDelivery(queued({ idempotencyKey: 'burst' }))),
      );
      const created = results.filter((result) => result.created);
      expect(created).toHaveLength(1);
      expect(results.every((result) => result.id === created[0]?.id)).toBe(true);
      expect(await list({ limit: 50 })).toEqual([created[0]?.id]);
    });

    it('refuses a queued message without content, and an id taken already, storing nothing', async () => {
      await expect(store.addDelivery(queued({ content: null }))).rejects.toThrow(TypeError);
      const first = await add(queued());
      await expect(store.addDelivery(queued({ id: first.id, subject: 'Another subject' }))).rejects.toThrow();
      expect(await list({ limit: 10 })).toEqual([first.id]);
      expect((await read(first.id))?.subject).toBe(first.subject);
    });

    it('records a direct send with its one attempt, never to be claimed or resent', async () => {
      const sent = await add(direct('sent', sentAttempt(1, 1)));
      const failed = await add(direct('failed', failedAttempt(1, 2, 'failed', 'RECIPIENT_REJECTED')));

      expect(await store.getDelivery('acme', sent.id)).toStrictEqual({
        delivery: recordOf(sent, { status: 'sent', dueAt: undefined, attempts: 1, sentAt: at(1) }),
        attempts: [sentAttempt(1, 1)],
      });
      expect(await store.getDelivery('acme', failed.id)).toStrictEqual({
        delivery: recordOf(failed, {
          status: 'failed',
          dueAt: undefined,
          attempts: 1,
          failure: failureOf('RECIPIENT_REJECTED'),
        }),
        attempts: [failedAttempt(1, 2, 'failed', 'RECIPIENT_REJECTED')],
      });
      expect(await claim(1000)).toEqual([]);
      expect(await store.nextDueAt([])).toBeUndefined();
      expect(await store.resendDelivery('acme', failed.id, at(1000))).toBeNull();
    });

    it('claims due messages oldest due first, and none before it is due', async () => {
      const later = await add(queued({ dueAt: at(30) }));
      const first = await add(queued({ createdAt: at(1), dueAt: at(10) }));
      const second = await add(queued({ dueAt: at(20) }));
      const tiedA = await add(queued({ dueAt: at(40) }));
      const tiedB = await add(queued({ dueAt: at(40) }));

      expect(await claim(5)).toEqual([]);
      const claimed = await claim(25);
      expect(ids(claimed)).toEqual([first.id, second.id]);
      const sending = recordOf(first, { status: 'sending', updatedAt: at(25), dueAt: undefined });
      expect(claimed[0]).toStrictEqual({ ...sending, content: first.content, reclaimed: false });
      expect(await read(first.id)).toStrictEqual(sending);
      expect(await claim(25, { owner: 'worker-2' })).toEqual([]);
      expect(ids(await claim(30))).toEqual([later.id]);
      // Equal due times go in the order the messages came.
      expect(ids(await claim(40))).toEqual([tiedA.id, tiedB.id]);
      expect(await claim(40, { limit: 0 })).toEqual([]);
    });

    it('claims only from the tenants it is asked for, when asked, still skipping skipped ones', async () => {
      const acme = await add(queued({ tenant: 'acme', dueAt: at(1) }));
      const globex = await add(queued({ tenant: 'globex', dueAt: at(2) }));
      const initech = await add(queued({ tenant: 'initech', dueAt: at(3) }));

      expect(await claim(10, { tenants: [] })).toEqual([]);
      expect(ids(await claim(10, { tenants: ['globex', 'initech'], skipTenants: ['initech'] }))).toEqual([
        globex.id,
      ]);
      expect(ids(await claim(10, { tenants: ['acme', 'initech'] }))).toEqual([acme.id, initech.id]);
    });

    it('lets three tenants through past another tenant’s burst of 10,000 due messages', async () => {
      await Promise.all(
        Array.from({ length: 10_000 }, (_, n) =>
          store.addDelivery(queued({ tenant: 'burst', dueAt: at(n % 100) })),
        ),
      );
      const others = ['acme', 'globex', 'initech'];
      for (const [index, tenant] of others.entries()) {
        for (let n = 0; n < 3; n++)
          await add(queued({ tenant, createdAt: at(0), dueAt: at(200 + index + n) }));
      }

      const claimed = await claim(1000, { limit: 8, perTenant: 2 });
      // Each tenant's oldest first, then each tenant's second: the burst's are the oldest of all.
      expect(claimed.map(({ tenant }) => tenant)).toEqual([
        'burst',
        'acme',
        'globex',
        'initech',
        'burst',
        'acme',
        'globex',
        'initech',
      ]);
      expect((await claim(1000, { limit: 8, perTenant: 2 })).map(({ tenant }) => tenant)).toEqual([
        'burst',
        'acme',
        'globex',
        'initech',
        'burst',
      ]);
    });

    it('takes at most perTenant of one tenant, and none of a tenant it is told to skip', async () => {
      for (let n = 0; n < 5; n++) await add(queued({ dueAt: at(n) }));
      const globex = await add(queued({ tenant: 'globex' }));
      const initech = await add(queued({ tenant: 'initech', dueAt: at(3) }));

      const claimed = await claim(10, { perTenant: 3, skipTenants: ['globex'] });
      expect(claimed.map(({ tenant }) => tenant).sort()).toEqual(['acme', 'acme', 'acme', 'initech']);
      expect(ids(claimed)).toContain(initech.id);
      expect(await claim(10, { skipTenants: ['globex', 'acme'] })).toEqual([]);
      expect(ids(await claim(10, { skipTenants: ['acme'] }))).toEqual([globex.id]);
    });

    it('claims a message again once its lease ran out, says so, and then refuses the first owner’s finish', async () => {
      const delivery = await add(queued());
      expect(await claim(10, { owner: 'worker-1', leaseUntil: at(70) })).toMatchObject([
        { id: delivery.id, reclaimed: false },
      ]);
      expect(await claim(69, { owner: 'worker-2' })).toEqual([]);
      expect(await store.nextDueAt([])).toBe(at(70));

      const again = await claim(70, { owner: 'worker-2', leaseUntil: at(130) });
      expect(again).toMatchObject([
        { id: delivery.id, status: 'sending', content: delivery.content, reclaimed: true },
      ]);
      expect(
        await store.finishAttempt(
          delivery.id,
          'worker-1',
          { status: 'sent', attempt: sentAttempt(1, 20) },
          at(75),
        ),
      ).toBe(false);
      expect(await store.getDelivery('acme', delivery.id)).toStrictEqual({
        delivery: recordOf(delivery, { status: 'sending', updatedAt: at(70), dueAt: undefined }),
        attempts: [],
      });

      expect(
        await store.finishAttempt(
          delivery.id,
          'worker-2',
          { status: 'sent', attempt: sentAttempt(1, 71) },
          at(76),
        ),
      ).toBe(true);
      expect(
        await store.finishAttempt(
          delivery.id,
          'worker-2',
          { status: 'sent', attempt: sentAttempt(2, 77) },
          at(77),
        ),
      ).toBe(false);
      expect(
        await store.finishAttempt(
          'no-such-delivery',
          'worker-2',
          { status: 'sent', attempt: sentAttempt(1, 77) },
          at(77),
        ),
      ).toBe(false);
      expect((await store.getDelivery('acme', delivery.id))?.attempts).toEqual([sentAttempt(1, 71)]);
    });

    it('still says a reclaimed message may be at the server after it went back untried, until it is tried', async () => {
      const delivery = await add(queued());
      await claim(10, { owner: 'worker-1', leaseUntil: at(70) });
      expect(await claim(70, { owner: 'worker-2', leaseUntil: at(130) })).toMatchObject([
        { reclaimed: true },
      ]);
      // Given back untried, as a worker does when the tenant is held.
      const untried = { status: 'queued' as const, dueAt: at(80) };
      expect(await store.finishAttempt(delivery.id, 'worker-2', untried, at(71))).toBe(true);
      expect(await claim(80, { owner: 'worker-3', leaseUntil: at(140) })).toMatchObject([
        { reclaimed: true },
      ]);

      const retrying = {
        status: 'retrying' as const,
        attempt: failedAttempt(1, 81, 'retry', 'TIMEOUT'),
        dueAt: at(90),
      };
      expect(await store.finishAttempt(delivery.id, 'worker-3', retrying, at(81))).toBe(true);
      expect(await claim(90, { owner: 'worker-3', leaseUntil: at(150) })).toMatchObject([
        { reclaimed: false },
      ]);
    });

    it('ends a sent message: its content dropped, its failure cleared, its attempts kept', async () => {
      const delivery = await attempted(queued(), 10, {
        status: 'retrying',
        attempt: failedAttempt(1, 10, 'retry', 'CONNECTION_REFUSED'),
        dueAt: at(40),
      });
      await claim(40);
      expect(
        await store.finishAttempt(
          delivery.id,
          'worker-1',
          { status: 'sent', attempt: sentAttempt(2, 41) },
          at(42),
        ),
      ).toBe(true);

      expect(await store.getDelivery('acme', delivery.id)).toStrictEqual({
        delivery: recordOf(delivery, {
          status: 'sent',
          dueAt: undefined,
          updatedAt: at(42),
          attempts: 2,
          sentAt: at(41),
        }),
        attempts: [failedAttempt(1, 10, 'retry', 'CONNECTION_REFUSED'), sentAttempt(2, 41)],
      });
      expect(await store.resendDelivery('acme', delivery.id, at(50))).toBeNull();
      expect(await store.discardDelivery('acme', delivery.id, at(50))).toBeNull();
      expect(await claim(1000)).toEqual([]);
      expect(await store.nextDueAt([])).toBeUndefined();
    });

    it('retries a message at the due time a retrying attempt set, with its failure shown meanwhile', async () => {
      const delivery = await attempted(queued(), 10, {
        status: 'retrying',
        attempt: failedAttempt(1, 10, 'retry', 'TIMEOUT'),
        dueAt: at(40),
      });
      expect(await read(delivery.id)).toStrictEqual(
        recordOf(delivery, {
          status: 'retrying',
          updatedAt: at(10),
          dueAt: at(40),
          attempts: 1,
          failure: failureOf('TIMEOUT'),
        }),
      );
      expect(await claim(39)).toEqual([]);
      expect(await store.nextDueAt([])).toBe(at(40));
      // Its attempt ended and was recorded: claiming it again resumes nothing.
      expect(await claim(40)).toMatchObject([
        { id: delivery.id, attempts: 1, failure: failureOf('TIMEOUT'), reclaimed: false },
      ]);
    });

    it('keeps a failed message’s content, so it can be resent', async () => {
      const delivery = await attempted(queued(), 10, {
        status: 'failed',
        attempt: failedAttempt(1, 10, 'failed', 'MESSAGE_REJECTED'),
      });
      expect(await read(delivery.id)).toMatchObject({
        status: 'failed',
        failure: failureOf('MESSAGE_REJECTED'),
      });
      expect((await read(delivery.id))?.dueAt).toBeUndefined();
      expect(await claim(1000)).toEqual([]);

      expect(await store.resendDelivery('acme', delivery.id, at(100))).toStrictEqual(
        recordOf(delivery, { updatedAt: at(100), dueAt: at(100), attempts: 1 }),
      );
      expect(await claim(100)).toMatchObject([{ id: delivery.id, content: delivery.content }]);
    });

    it('puts a message back to wait after a held attempt, and after none', async () => {
      const delivery = await attempted(queued(), 10, {
        status: 'queued',
        attempt: failedAttempt(1, 10, 'held', 'AUTH_FAILED'),
        dueAt: at(20),
      });
      expect(await read(delivery.id)).toStrictEqual(
        recordOf(delivery, {
          updatedAt: at(10),
          dueAt: at(20),
          attempts: 1,
          failure: failureOf('AUTH_FAILED'),
        }),
      );

      await claim(20);
      expect(
        await store.finishAttempt(delivery.id, 'worker-1', { status: 'queued', dueAt: at(50) }, at(21)),
      ).toBe(true);
      expect(await store.getDelivery('acme', delivery.id)).toMatchObject({
        delivery: { status: 'queued', dueAt: at(50), attempts: 1, updatedAt: at(21) },
        attempts: [failedAttempt(1, 10, 'held', 'AUTH_FAILED')],
      });
      expect(await claim(49)).toEqual([]);
    });

    it('holds a tenant, replaces its hold, and on release makes its retrying messages due at once', async () => {
      const byTenant = (holds: TenantHold[]) => [...holds].sort((a, b) => a.tenant.localeCompare(b.tenant));
      expect(await store.listHolds()).toEqual([]);
      await store.holdTenant(holdOf('acme', 'AUTH_FAILED', 10, 3));
      await store.holdTenant(holdOf('globex', 'NOT_CONFIGURED', 11, 0));
      await store.holdTenant(holdOf('acme', 'TOKEN_REVOKED', 20, 4));
      expect(byTenant(await store.listHolds())).toEqual([
        holdOf('acme', 'TOKEN_REVOKED', 20, 4),
        holdOf('globex', 'NOT_CONFIGURED', 11, 0),
      ]);

      const retrying = await attempted(queued(), 30, {
        status: 'retrying',
        attempt: failedAttempt(1, 30, 'retry', 'TIMEOUT'),
        dueAt: at(600),
      });
      const held = await attempted(queued(), 40, {
        status: 'queued',
        attempt: failedAttempt(1, 40, 'held', 'AUTH_FAILED'),
        dueAt: at(40),
      });
      // The host's notBefore: a hold ending is no reason to send it early.
      const later = await add(queued({ dueAt: at(500) }));
      const early = await add(queued({ dueAt: at(5) }));
      const other = await add(queued({ tenant: 'globex', dueAt: at(500) }));

      await store.releaseTenant('acme', at(100));
      expect(await store.listHolds()).toEqual([holdOf('globex', 'NOT_CONFIGURED', 11, 0)]);
      expect(await read(retrying.id)).toMatchObject({
        status: 'retrying',
        dueAt: at(100),
        updatedAt: at(30),
      });
      expect((await read(held.id))?.dueAt).toBe(at(40));
      expect((await read(later.id))?.dueAt).toBe(at(500));
      expect((await read(early.id))?.dueAt).toBe(at(5));
      expect((await read(other.id, 'globex'))?.dueAt).toBe(at(500));
      expect(ids(await claim(100, { skipTenants: ['globex'], leaseUntil: at(1000) }))).toEqual([
        early.id,
        held.id,
        retrying.id,
      ]);
      expect(await claim(499)).toEqual([]);
      expect(ids(await claim(500))).toEqual([later.id, other.id]);
      await store.releaseTenant('initech', at(100));
      expect(await store.listHolds()).toEqual([holdOf('globex', 'NOT_CONFIGURED', 11, 0)]);
    });

    it('tells when the next message is due, stepping over the tenants it is told to skip', async () => {
      expect(await store.nextDueAt([])).toBeUndefined();
      const acme = await add(queued({ dueAt: at(50) }));
      for (let n = 0; n < 20; n++) await add(queued({ tenant: 'globex', dueAt: at(20 + n) }));
      await add(direct('failed', failedAttempt(1, 1, 'failed', 'RECIPIENT_REJECTED'), { tenant: 'initech' }));

      expect(await store.nextDueAt([])).toBe(at(20));
      expect(await store.nextDueAt(['globex'])).toBe(at(50));
      expect(await store.nextDueAt(['globex', 'acme'])).toBeUndefined();

      await claim(50, { skipTenants: ['globex'], leaseUntil: at(110) });
      expect(await store.nextDueAt(['globex'])).toBe(at(110));
      await store.finishAttempt(acme.id, 'worker-1', { status: 'sent', attempt: sentAttempt(1, 51) }, at(52));
      expect(await store.nextDueAt(['globex'])).toBeUndefined();
    });

    it('lists newest first, filtered by status and by any recipient regardless of case', async () => {
      const toDana = await add(queued({ createdAt: at(1), to: ['Dana@Example.com'] }));
      const ccDana = await add(queued({ createdAt: at(2), cc: ['dana@example.com'] }));
      const bccDana = await add(queued({ createdAt: at(3), bcc: ['DANA@EXAMPLE.COM'] }));
      const other = await add(queued({ createdAt: at(4), to: ['other@example.com'] }));
      const unicode = await add(queued({ createdAt: at(5), to: ['Jürgen@Example.com'] }));
      await add(queued({ tenant: 'globex', createdAt: at(6), to: ['dana@example.com'] }));
      const failed = await add(
        direct('failed', failedAttempt(1, 7, 'failed', 'RECIPIENT_REJECTED'), { to: ['other@example.com'] }),
      );

      expect(await list({ limit: 50 })).toEqual([
        failed.id,
        unicode.id,
        other.id,
        bccDana.id,
        ccDana.id,
        toDana.id,
      ]);
      expect(await list({ limit: 50, recipient: 'dana@EXAMPLE.com' })).toEqual([
        bccDana.id,
        ccDana.id,
        toDana.id,
      ]);
      expect(await list({ limit: 50, recipient: 'JÜRGEN@example.com' })).toEqual([unicode.id]);
      expect(await list({ limit: 50, recipient: 'dana@example' })).toEqual([]);
      expect(await list({ limit: 50, status: 'failed' })).toEqual([failed.id]);
      expect(await list({ limit: 50, status: ['queued', 'retrying'] })).toEqual([
        unicode.id,
        other.id,
        bccDana.id,
        ccDana.id,
        toDana.id,
      ]);
      expect(await list({ limit: 50, status: 'queued', recipient: 'other@example.com' })).toEqual([other.id]);
      expect(await list({ limit: 50, status: 'sent' })).toEqual([]);
      expect(await list({ limit: 50 }, 'initech')).toEqual([]);
      expect((await store.listDeliveries('acme', { limit: 50 })).nextCursor).toBeUndefined();
      expect((await store.listDeliveries('acme', { limit: 50 })).deliveries[1]).toStrictEqual(
        recordOf(unicode),
      );
    });

    it('pages with a cursor that keeps its place while new messages arrive', async () => {
      // Three messages in each second, so the cursor must also order messages created at the same time.
      const added: NewDelivery[] = [];
      for (let n = 0; n < 25; n++) added.push(await add(queued({ createdAt: at(Math.floor(n / 3)) })));
      const newestFirst = ids(added).reverse();

      const first = await store.listDeliveries('acme', { limit: 10 });
      expect(ids(first.deliveries)).toEqual(newestFirst.slice(0, 10));
      for (let n = 0; n < 5; n++) await add(queued({ createdAt: at(100) }));
      await add(queued({ createdAt: at(8) }));
      const second = await store.listDeliveries('acme', { limit: 10, cursor: first.nextCursor });
      expect(ids(second.deliveries)).toEqual(newestFirst.slice(10, 20));
      const third = await store.listDeliveries('acme', { limit: 10, cursor: second.nextCursor });
      expect(ids(third.deliveries)).toEqual(newestFirst.slice(20));
      expect(third.nextCursor).toBeUndefined();

      const filtered = await store.listDeliveries('acme', {
        limit: 2,
        recipient: 'qa-lead@example.com',
        status: 'queued',
      });
      expect(filtered.nextCursor).toEqual(expect.any(String));
    });

    it('rejects a cursor it did not make', async () => {
      await add(queued());
      const forged = [
        'forged',
        '',
        Buffer.from('2026-01-01T00:00:00.000Z#1 OR 1=1', 'utf8').toString('base64url'),
        Buffer.from('yesterday#1', 'utf8').toString('base64url'),
      ];
      for (const cursor of forged) {
        await expect(store.listDeliveries('acme', { limit: 10, cursor })).rejects.toBeInstanceOf(
          DeliveryCursorError,
        );
      }
    });

    it('keeps a page between 1 and 200 messages', async () => {
      await Promise.all(Array.from({ length: 205 }, () => store.addDelivery(queued())));
      const page = await store.listDeliveries('acme', { limit: 1000 });
      expect(page.deliveries).toHaveLength(200);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(await list({ limit: 0 })).toHaveLength(1);
      expect(await list({ limit: -5 })).toHaveLength(1);
      expect(await list({ limit: 2.5 })).toHaveLength(2);
    });

    it('counts a tenant’s messages since a time, those waiting, and its last success and failure', async () => {
      const empty = { queued: 0, sending: 0, retrying: 0, sent: 0, failed: 0, discarded: 0 };
      expect(await store.countDeliveries('acme', at(0))).toEqual({ counts: empty, waiting: 0 });

      await add(direct('sent', sentAttempt(1, 1)));
      await add(queued({ createdAt: at(2), dueAt: at(10_000) }));
      await add(queued({ createdAt: at(10), dueAt: at(10_000) }));
      await attempted(queued({ createdAt: at(11) }), 20, {
        status: 'retrying',
        attempt: failedAttempt(1, 20, 'retry', 'CONNECTION_REFUSED'),
        dueAt: at(10_000),
      });
      await attempted(queued({ createdAt: at(12) }), 21, { status: 'sent', attempt: sentAttempt(1, 21) });
      await add(direct('failed', failedAttempt(1, 13, 'failed', 'RECIPIENT_REJECTED')));
      const discarded = await add(queued({ createdAt: at(14), dueAt: at(10_000) }));
      await store.discardDelivery('acme', discarded.id, at(30));
      await add(queued({ createdAt: at(15), dueAt: at(22) }));
      await claim(22);
      await add(direct('sent', sentAttempt(1, 40), { tenant: 'globex' }));

      expect(await store.countDeliveries('acme', at(10))).toEqual({
        counts: { queued: 1, sending: 1, retrying: 1, sent: 1, failed: 1, discarded: 1 },
        waiting: 3,
        lastSuccessAt: at(21),
        lastFailure: { at: at(20), failure: failureOf('CONNECTION_REFUSED') },
      });
      expect(await store.countDeliveries('globex', at(10))).toEqual({
        counts: { ...empty, sent: 1 },
        waiting: 0,
        lastSuccessAt: at(40),
      });
    });

    it('resends only a failed or discarded message whose content it still has', async () => {
      const waiting = await add(queued({ dueAt: at(1000) }));
      const failed = await attempted(queued(), 10, {
        status: 'failed',
        attempt: failedAttempt(1, 10, 'failed', 'MESSAGE_REJECTED'),
      });
      const discarded = await add(queued({ dueAt: at(1000) }));
      await store.discardDelivery('acme', discarded.id, at(11));
      const sent = await attempted(queued(), 12, { status: 'sent', attempt: sentAttempt(1, 12) });
      const sending = await add(queued({ dueAt: at(13) }));
      await claim(13);
      const logged = await add(direct('failed', failedAttempt(1, 14, 'failed', 'RECIPIENT_REJECTED')));

      for (const id of [waiting.id, sent.id, sending.id, logged.id, 'no-such-delivery']) {
        expect(await store.resendDelivery('acme', id, at(20))).toBeNull();
      }
      expect(await store.resendDelivery('globex', failed.id, at(20))).toBeNull();
      expect(await store.resendDelivery('acme', failed.id, at(20))).toMatchObject({
        status: 'queued',
        dueAt: at(20),
        attempts: 1,
      });
      expect(await store.resendDelivery('acme', failed.id, at(21))).toBeNull();
      expect(await store.resendDelivery('acme', discarded.id, at(20))).toMatchObject({
        status: 'queued',
        dueAt: at(20),
      });
      expect((await store.getDelivery('acme', failed.id))?.attempts).toEqual([
        failedAttempt(1, 10, 'failed', 'MESSAGE_REJECTED'),
      ]);
      expect(ids(await claim(20)).sort()).toEqual([discarded.id, failed.id].sort());
    });

    it('discards only a queued, retrying or failed message, which is then never claimed', async () => {
      const waiting = await add(queued({ dueAt: at(1000) }));
      const retrying = await attempted(queued(), 10, {
        status: 'retrying',
        attempt: failedAttempt(1, 10, 'retry', 'TIMEOUT'),
        dueAt: at(40),
      });
      const failed = await attempted(queued(), 11, {
        status: 'failed',
        attempt: failedAttempt(1, 11, 'failed', 'MESSAGE_REJECTED'),
      });
      const sent = await attempted(queued(), 12, { status: 'sent', attempt: sentAttempt(1, 12) });
      const sending = await add(queued({ dueAt: at(13) }));
      await claim(13);

      expect(await store.discardDelivery('globex', waiting.id, at(20))).toBeNull();
      expect(await store.discardDelivery('acme', waiting.id, at(20))).toStrictEqual(
        recordOf(waiting, { status: 'discarded', updatedAt: at(20), dueAt: undefined }),
      );
      expect(await store.discardDelivery('acme', retrying.id, at(20))).toMatchObject({
        status: 'discarded',
        failure: failureOf('TIMEOUT'),
      });
      expect(await store.discardDelivery('acme', failed.id, at(20))).toMatchObject({ status: 'discarded' });
      for (const id of [waiting.id, sent.id, sending.id, 'no-such-delivery']) {
        expect(await store.discardDelivery('acme', id, at(21))).toBeNull();
      }
      expect(await claim(1000, { skipTenants: [], owner: 'worker-2' }).then(ids)).toEqual([sending.id]);
      expect(await store.nextDueAt([])).toBe(at(1060));
    });

    it('expires the messages queued before the horizon, giving a resent message a whole new horizon', async () => {
      const expired = failureOf('EXPIRED');
      const old = await add(queued({ createdAt: at(0), dueAt: at(5000) }));
      const oldRetrying = await attempted(queued({ createdAt: at(1) }), 10, {
        status: 'retrying',
        attempt: failedAttempt(1, 10, 'retry', 'TIMEOUT'),
        dueAt: at(5000),
      });
      const oldFailed = await attempted(queued({ createdAt: at(2) }), 11, {
        status: 'failed',
        attempt: failedAttempt(1, 11, 'failed', 'MESSAGE_REJECTED'),
      });
      await store.resendDelivery('acme', oldFailed.id, at(200));
      const oldSending = await add(queued({ createdAt: at(3), dueAt: at(12) }));
      await claim(12, { leaseUntil: at(5000) });
      const recent = await add(queued({ createdAt: at(100), dueAt: at(5000) }));
      const elsewhere = await add(queued({ tenant: 'globex', createdAt: at(4), dueAt: at(5000) }));

      expect(await store.expireDeliveries(at(50), expired, at(300))).toBe(3);
      for (const [id, tenant] of [
        [old.id, 'acme'],
        [oldRetrying.id, 'acme'],
        [elsewhere.id, 'globex'],
      ]) {
        const delivery = await read(id as string, tenant);
        expect(delivery).toMatchObject({ status: 'failed', failure: expired, updatedAt: at(300) });
        expect(delivery?.dueAt).toBeUndefined();
      }
      expect((await read(oldFailed.id))?.status).toBe('queued');
      expect((await read(oldSending.id))?.status).toBe('sending');
      expect((await read(recent.id))?.status).toBe('queued');
      expect(await store.expireDeliveries(at(50), expired, at(301))).toBe(0);
      expect(await store.expireDeliveries(at(201), expired, at(302))).toBe(2);
    });

    it('pages through the kept contents in the order they were added, for a key rotation', async () => {
      expect(await store.listSealedContents(undefined, 10)).toEqual([]);
      const waiting = await add(queued());
      await attempted(queued(), 1, { status: 'sent', attempt: sentAttempt(1, 1) });
      const failed = await attempted(queued({ tenant: 'globex' }), 2, {
        status: 'failed',
        attempt: failedAttempt(1, 2, 'failed', 'RECIPIENT_REJECTED'),
      });
      await add(direct('sent', sentAttempt(1, 3)));
      const discarded = await add(queued());
      await store.discardDelivery('acme', discarded.id, at(4));
      const last = await add(queued({ tenant: 'globex' }));

      const walked: SealedContent[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listSealedContents(after, 2);
        expect(page.length).toBeLessThanOrEqual(2);
        walked.push(...page);
        if (page.length < 2) break;
        after = page.at(-1)?.cursor;
      }
      expect(walked.map(({ id, tenant, content }) => ({ id, tenant, content }))).toEqual(
        [waiting, failed, discarded, last].map(({ id, tenant, content }) => ({ id, tenant, content })),
      );
      expect(new Set(walked.map(({ cursor }) => cursor)).size).toBe(4);
    });

    it('replaces a message’s content only while it is what was read', async () => {
      const sent = await attempted(queued(), 1, { status: 'sent', attempt: sentAttempt(1, 1) });
      const waiting = await add(queued());
      expect(await store.resealContent(waiting.id, 'v1.sealed.something-else', 'v1.resealed')).toBe(false);
      expect(await store.resealContent(waiting.id, waiting.content as string, 'v1.resealed')).toBe(true);
      expect(await store.resealContent(waiting.id, waiting.content as string, 'v1.resealed-again')).toBe(
        false,
      );
      // A message sent meanwhile dropped its content: there is nothing to re-seal.
      expect(await store.resealContent(sent.id, sent.content as string, 'v1.resealed')).toBe(false);
      expect(await store.resealContent('no-such-delivery', 'v1.a', 'v1.b')).toBe(false);

      const [claimed] = await claim(5);
      expect(claimed).toMatchObject({ id: waiting.id, content: 'v1.resealed' });
      expect(await store.listSealedContents(undefined, 10)).toEqual([
        expect.objectContaining({ id: waiting.id, content: 'v1.resealed' }),
      ]);
    });

    it('purges finished messages last changed before a time, with their attempts, and frees their keys', async () => {
      const sent = await attempted(queued({ idempotencyKey: 'order-1' }), 10, {
        status: 'sent',
        attempt: sentAttempt(1, 10),
      });
      const failed = await attempted(queued(), 20, {
        status: 'failed',
        attempt: failedAttempt(1, 20, 'failed', 'MESSAGE_REJECTED'),
      });
      const discarded = await add(queued({ dueAt: at(1000) }));
      await store.discardDelivery('acme', discarded.id, at(30));
      const logged = await add(direct('sent', sentAttempt(1, 31), { tenant: 'globex' }));
      const waiting = await add(queued({ createdAt: at(0), dueAt: at(1000) }));
      const retrying = await attempted(queued(), 40, {
        status: 'retrying',
        attempt: failedAttempt(1, 40, 'retry', 'TIMEOUT'),
        dueAt: at(1000),
      });
      const sending = await add(queued({ dueAt: at(41) }));
      await claim(41);
      const recent = await attempted(queued(), 500, { status: 'sent', attempt: sentAttempt(1, 500) });

      expect(await store.purgeDeliveries(at(100))).toBe(4);
      for (const id of [sent.id, failed.id, discarded.id])
        expect(await store.getDelivery('acme', id)).toBeNull();
      expect(await store.getDelivery('globex', logged.id)).toBeNull();
      for (const { id } of [waiting, retrying, sending, recent]) expect(await read(id)).toBeDefined();
      expect((await store.getDelivery('acme', retrying.id))?.attempts).toHaveLength(1);
      expect(await store.countDeliveries('acme', at(0))).toMatchObject({ lastSuccessAt: at(500) });
      expect(await store.purgeDeliveries(at(100))).toBe(0);

      const reused = queued({ idempotencyKey: 'order-1' });
      expect(await store.addDelivery(reused)).toEqual({ id: reused.id, created: true });
    });

    it('purges more finished messages than one transaction takes', async () => {
      await Promise.all(
        Array.from({ length: 1_201 }, (_, n) =>
          store.addDelivery(direct('sent', sentAttempt(1, n % 50), { tenant: `tenant-${n % 7}` })),
        ),
      );
      expect(await store.purgeDeliveries(at(100))).toBe(1_201);
      expect(await list({ limit: 10 }, 'tenant-0')).toEqual([]);
      expect(await store.countDeliveries('tenant-0', at(0))).not.toHaveProperty('lastSuccessAt');
    });

    it('hands out copies and keeps none of what it was given', async () => {
      const delivery = queued({ to: ['a@example.com'] });
      const original = structuredClone(delivery);
      const adding = store.addDelivery(delivery);
      delivery.to.push('mutated@example.com');
      delivery.subject = 'Mutated';
      await adding;

      const [claimed] = await claim(0);
      claimed?.to.push('claimed@example.com');
      const attempt = failedAttempt(1, 1, 'retry', 'TIMEOUT');
      const finishing = store.finishAttempt(
        delivery.id,
        'worker-1',
        { status: 'retrying', attempt, dueAt: at(5) },
        at(1),
      );
      attempt.outcome = 'failed';
      (attempt.failure as DeliveryFailure).code = 'SMTP_ERROR';
      await finishing;

      const got = await store.getDelivery('acme', delivery.id);
      got?.delivery.to.push('got@example.com');
      if (got?.attempts[0]) got.attempts[0].outcome = 'sent';
      const [listed] = (await store.listDeliveries('acme', { limit: 1 })).deliveries;
      listed?.cc.push('listed@example.com');

      expect(await store.getDelivery('acme', delivery.id)).toStrictEqual({
        delivery: recordOf(original, {
          status: 'retrying',
          updatedAt: at(1),
          dueAt: at(5),
          attempts: 1,
          failure: failureOf('TIMEOUT'),
        }),
        attempts: [failedAttempt(1, 1, 'retry', 'TIMEOUT')],
      });
    });

    describe('tenant turns', () => {
      const turn = (owner: string, seconds: number, tenant = 'acme') =>
        store.takeTurn({ tenant, owner, until: at(seconds + 30), now: at(seconds) });

      it('gives the turn of a tenant to one owner until it ends or runs out, and hands its state on', async () => {
        expect(await turn('worker-1', 0)).toEqual({ recent: [] });
        expect(await turn('worker-2', 10)).toBeNull();
        // Taking it again extends it: worker-1 keeps it until 45.
        expect(await turn('worker-1', 15)).toEqual({ recent: [] });
        expect(await turn('worker-2', 44)).toBeNull();
        expect(await turn('worker-2', 10, 'globex')).toEqual({ recent: [] });

        await store.endTurn('acme', 'worker-1', { recent: [at(1), at(2)] });
        expect(await turn('worker-2', 46)).toEqual({ recent: [at(1), at(2)] });
        // worker-1's turn passed on: its late end changes nothing.
        await store.endTurn('acme', 'worker-1', { recent: [] });
        expect(await turn('worker-3', 47)).toBeNull();

        // worker-2 died mid-turn: its lease runs out at 76.
        expect(await turn('worker-3', 75)).toBeNull();
        expect(await turn('worker-3', 76)).toEqual({ recent: [at(1), at(2)] });
      });

      it('lists tenants with mail waiting, soonest due first, with the end of a lease for a message being sent', async () => {
        expect(await store.waitingTenants({ limit: 10 })).toEqual([]);
        await add(queued({ tenant: 'acme', dueAt: at(50) }));
        await add(queued({ tenant: 'acme', dueAt: at(30) }));
        await add(queued({ tenant: 'globex', dueAt: at(20) }));
        const initech = await add(queued({ tenant: 'initech', dueAt: at(5) }));
        await attempted(queued({ tenant: 'umbrella' }), 1, { status: 'sent', attempt: sentAttempt(1, 1) });
        await attempted(queued({ tenant: 'hooli' }), 1, {
          status: 'failed',
          attempt: failedAttempt(1, 1, 'failed', 'SMTP_ERROR'),
        });
        expect(ids(await claim(6, { tenants: ['initech'] }))).toEqual([initech.id]);

        expect(await store.waitingTenants({ limit: 10 })).toEqual([
          { tenant: 'globex', dueAt: at(20) },
          { tenant: 'acme', dueAt: at(30) },
          { tenant: 'initech', dueAt: at(66) },
        ]);
        expect(await store.waitingTenants({ limit: 1 })).toEqual([{ tenant: 'globex', dueAt: at(20) }]);
        expect(await store.waitingTenants({ tenant: 'acme', limit: 10 })).toEqual([
          { tenant: 'acme', dueAt: at(30) },
        ]);
        expect(await store.waitingTenants({ tenant: 'umbrella', limit: 10 })).toEqual([]);
      });
    });
  });
}
