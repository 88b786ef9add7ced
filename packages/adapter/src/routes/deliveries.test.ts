import {
  DELIVERY_STATUSES,
  type DeliveryAttempt,
  type DeliveryFailure,
  type DeliveryStatus,
} from '@smtp-settings/schema';
import * as fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKER_PATTERN, plantedString } from '../../test/adversarial-input.js';
import {
  basicDraft,
  createTestApp,
  MOUNT,
  STORE_KINDS,
  type TestApp,
  transcript,
} from '../../test/app-fixture.js';
import type { Logger } from '../logger.js';
import { isDeliveryId, newDeliveryId } from '../outbox/delivery-id.js';
import type { DeliveryStore, NewDelivery } from '../outbox/delivery-store.js';
import { isDeliveryStore } from '../outbox/is-delivery-store.js';
import { SECURITY_EVENT_MESSAGE, type SecurityEvent } from '../security/security-log.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';

/** The stores that keep a delivery log; the others answer 404 on these paths (tested below). */
const DELIVERY_STORE_KINDS = await (async () => {
  const kinds: Array<(typeof STORE_KINDS)[number]> = [];
  for (const kind of STORE_KINDS) {
    const { store, cleanup } = kind.open();
    if (isDeliveryStore(store)) kinds.push(kind);
    await cleanup();
  }
  return kinds;
})();

const NOW = new Date('2026-12-06T12:00:00.000Z');
const TENANT = 'acme';
const OTHER = 'globex';
/** What a queued message's sealed content stands in for: it must never reach an answer. */
const CONTENT = 'SEALED-CONTENT-never-shown';
const SUBJECT = 'Test case TC-42 was updated';
const WORKER = 'worker-1';
const AUTH_FAILED: DeliveryFailure = {
  code: 'AUTH_FAILED',
  stage: 'auth',
  message: 'The server refused the user name or password.',
  serverReply: '535 5.7.8 Authentication credentials invalid',
  hint: 'Check the user name and password.',
};
const RECIPIENT_REJECTED: DeliveryFailure = {
  code: 'RECIPIENT_REJECTED',
  stage: 'envelope',
  message: 'The server refused the recipient.',
  serverReply: '550 5.1.1 No such user here',
  hint: 'Check the address.',
};
const GREYLISTED: DeliveryFailure = {
  code: 'SMTP_ERROR',
  stage: 'envelope',
  message: 'The server asked to try again later.',
  serverReply: '451 4.7.1 Greylisted',
  hint: 'It will be tried again.',
};

const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

type Store = SettingsStore & DeliveryStore;

/** Due before anything else, so a claim up to this time takes only the one message seeded with it. */
const EARLY = '2000-01-01T00:00:00.000Z';

const attempt = (outcome: DeliveryAttempt['outcome'], failure?: DeliveryFailure): DeliveryAttempt => ({
  number: 1,
  at: minutesAgo(1),
  durationMs: 120,
  outcome,
  ...(failure ? { failure } : { response: '250 2.0.0 Ok: queued as 4F3A1' }),
});

/**
 * Adds a message created `minutesOld` minutes before {@link NOW}, with sealed content, and brings it to
 * `status` through the queue as the outbox would: claimed (`sending`), then sent, failed or retrying.
 */
async function seed(
  store: Store,
  minutesOld: number,
  status: Exclude<DeliveryStatus, 'held'> = 'queued',
  overrides: Partial<NewDelivery> = {},
): Promise<string> {
  const id = newDeliveryId();
  const tenant = overrides.tenant ?? TENANT;
  const claimed = status !== 'queued' && status !== 'discarded';
  await store.addDelivery({
    id,
    tenant,
    source: 'outbox',
    status: 'queued',
    createdAt: minutesAgo(minutesOld),
    dueAt: claimed ? EARLY : minutesAgo(minutesOld),
    messageId: `<${id}@example.com>`,
    to: ['qa-lead@example.com'],
    cc: [],
    bcc: [],
    subject: SUBJECT,
    content: CONTENT,
    ...overrides,
  });
  const now = NOW.toISOString();
  if (status === 'discarded') expect(await store.discardDelivery(tenant, id, now)).not.toBeNull();
  if (!claimed) return id;
  const taken = await store.claimDeliveries({
    now: EARLY,
    limit: 10,
    perTenant: 10,
    owner: WORKER,
    leaseUntil: minutesAgo(-1),
    skipTenants: [],
  });
  expect(taken.map((delivery) => delivery.id)).toEqual([id]);
  if (status === 'sending') return id;
  const result =
    status === 'sent'
      ? ({ status, attempt: attempt('sent') } as const)
      : status === 'failed'
        ? ({ status, attempt: attempt('failed', RECIPIENT_REJECTED) } as const)
        : ({ status, attempt: attempt('retry', GREYLISTED), dueAt: minutesAgo(-5) } as const);
  expect(await store.finishAttempt(id, WORKER, result, now)).toBe(true);
  return id;
}

/** A logger that keeps each security event's details. */
function eventLogger(events: SecurityEvent[]): Logger {
  return {
    error: (message, details) => transcript.push(`${message} ${JSON.stringify(details ?? {})}`),
    warn: (message, details) => transcript.push(`${message} ${JSON.stringify(details ?? {})}`),
    info: (message, details) => {
      transcript.push(`${message} ${JSON.stringify(details ?? {})}`);
      if (message === SECURITY_EVENT_MESSAGE) events.push(details as unknown as SecurityEvent);
    },
  };
}

describe.each(DELIVERY_STORE_KINDS)('the delivery log ($kind store)', ({ open }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: TestApp;
  let events: SecurityEvent[];
  let wakes: number;

  beforeEach(() => {
    const opened = open();
    store = opened.store as Store;
    cleanup = opened.cleanup;
    events = [];
    wakes = 0;
    app = createTestApp({
      store,
      clock: () => NOW,
      logger: eventLogger(events),
      tenant: (c) => c.req.header('X-Tenant') ?? TENANT,
      actor: () => 'dana@example.com',
      outbox: {
        wake: () => {
          wakes += 1;
        },
      },
    });
  });
  afterEach(() => cleanup());

  const hold = async (tenant = TENANT) =>
    store.holdTenant({
      tenant,
      failure: AUTH_FAILED,
      since: minutesAgo(30),
      revision: await store.getRevision(tenant),
    });
  const ids = (body: { deliveries: Array<{ id: string }> }) => body.deliveries.map(({ id }) => id);

  describe('GET /deliveries', () => {
    it('lists the tenant’s messages newest first, metadata only', async () => {
      const old = await seed(store, 30, 'queued', { cc: ['lead@example.com'], bcc: ['audit@example.com'] });
      const sent = await seed(store, 20, 'sent');
      const failed = await seed(store, 10, 'failed');
      await seed(store, 5, 'queued', { tenant: OTHER });

      const res = await app.call('GET', '/deliveries');

      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual([failed, sent, old]);
      expect(res.body.nextCursor).toBeUndefined();
      const [failedView, sentView, queuedView] = res.body.deliveries;
      expect(queuedView).toEqual({
        id: old,
        status: 'queued',
        source: 'outbox',
        createdAt: minutesAgo(30),
        updatedAt: minutesAgo(30),
        to: ['qa-lead@example.com'],
        cc: ['lead@example.com'],
        bcc: ['audit@example.com'],
        subject: SUBJECT,
        messageId: `<${old}@example.com>`,
        attempts: 0,
        nextAttemptAt: minutesAgo(30),
      });
      expect(sentView).toMatchObject({ status: 'sent', attempts: 1, sentAt: minutesAgo(1) });
      expect(sentView).not.toHaveProperty('failure');
      expect(sentView).not.toHaveProperty('nextAttemptAt');
      expect(failedView).toMatchObject({ status: 'failed', attempts: 1, failure: RECIPIENT_REJECTED });
      expect(JSON.stringify(res.body)).not.toContain(CONTENT);
    });

    it('filters by every status, a held tenant’s waiting messages showing as held with the reason', async () => {
      const byStatus: Partial<Record<DeliveryStatus, string>> = {};
      const stored = ['queued', 'sending', 'retrying', 'sent', 'failed', 'discarded'] as const;
      for (const [index, status] of stored.entries()) {
        byStatus[status] = await seed(store, 60 - 5 * index, status);
      }
      const list = async (status: DeliveryStatus) => {
        const res = await app.call('GET', `/deliveries?status=${status}`);
        expect(res.status).toBe(200);
        return res.body;
      };

      for (const status of DELIVERY_STATUSES) {
        const expected = byStatus[status] ? [byStatus[status]] : [];
        expect({ status, ids: ids(await list(status)) }).toEqual({ status, ids: expected });
      }

      await hold();
      const held = await list('held');
      expect(ids(held)).toEqual([byStatus.retrying, byStatus.queued]);
      for (const view of held.deliveries) {
        expect(view).toMatchObject({ status: 'held', failure: AUTH_FAILED });
        expect(view).not.toHaveProperty('nextAttemptAt');
      }
      expect(ids(await list('queued'))).toEqual([]);
      expect(ids(await list('retrying'))).toEqual([]);
      for (const status of ['sending', 'sent', 'failed', 'discarded'] as const) {
        expect({ status, ids: ids(await list(status)) }).toEqual({ status, ids: [byStatus[status]] });
      }
      const all = (await app.call('GET', '/deliveries')).body.deliveries;
      expect(all.map(({ status }: { status: string }) => status)).toEqual([
        'discarded',
        'failed',
        'sent',
        'held',
        'sending',
        'held',
      ]);
    });

    it('ends a hold as soon as an admin saves new settings', async () => {
      const id = await seed(store, 5);
      await hold();
      expect((await app.call('GET', '/deliveries')).body.deliveries[0].status).toBe('held');

      expect((await app.call('PUT', '/settings', { body: { settings: basicDraft() } })).status).toBe(200);

      const [view] = (await app.call('GET', '/deliveries')).body.deliveries;
      expect(view).toMatchObject({ id, status: 'queued' });
      expect(ids((await app.call('GET', '/deliveries?status=held')).body)).toEqual([]);
    });

    it('filters by recipient in to, cc or bcc, without case', async () => {
      const to = await seed(store, 30, 'queued', { to: ['Dana@Example.com'] });
      const cc = await seed(store, 20, 'queued', { cc: ['dana@example.com'] });
      const bcc = await seed(store, 10, 'queued', { bcc: ['DANA@example.COM'] });
      await seed(store, 5, 'queued', { to: ['dana@example.org'] });
      await seed(store, 4, 'queued', { tenant: OTHER, to: ['dana@example.com'] });

      const res = await app.call('GET', '/deliveries?recipient=%20dana%40EXAMPLE.com%20');

      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual([bcc, cc, to]);
    });

    it('pages with a cursor, newest first, while new messages arrive', async () => {
      const seeded: string[] = [];
      for (let n = 0; n < 25; n++) seeded.unshift(await seed(store, 100 - n));
      // Three share a millisecond: the store's own order tells them apart.
      for (let n = 0; n < 3; n++) seeded.unshift(await seed(store, 50));

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = cursor ? `&cursor=${cursor}` : '';
        const res = await app.call('GET', `/deliveries?limit=4${query}`);
        expect(res.status).toBe(200);
        expect(res.body.deliveries.length).toBeLessThanOrEqual(4);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor;
        // Newer than every page so far: they belong on a first page, not after the cursor.
        await seed(store, 0);
        pages += 1;
      } while (cursor);

      expect(seen).toEqual(seeded);
      expect(pages).toBe(7);
    });

    it('pages a held tenant’s queued and retrying messages as one newest-first list', async () => {
      const seeded: string[] = [];
      for (let n = 0; n < 25; n++) {
        // Mostly retrying at first, then mostly queued, so pages take unequal parts of each list.
        const retrying = n < 12 ? n % 4 !== 0 : n % 4 === 0;
        seeded.unshift(await seed(store, 100 - n, retrying ? 'retrying' : 'queued'));
      }
      await seed(store, 40, 'sent');
      await hold();

      for (const limit of [1, 3, 4, 7, 25, 200]) {
        // Those added while paging with a limit of 4 are held too, and belong on the pages of later limits.
        const expected = ids((await app.call('GET', '/deliveries?status=held&limit=200')).body);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const query = cursor ? `&cursor=${cursor}` : '';
          const res = await app.call('GET', `/deliveries?status=held&limit=${limit}${query}`);
          expect(res.status).toBe(200);
          expect(res.body.deliveries.length).toBeLessThanOrEqual(limit);
          expect(res.body.deliveries.every((view: { status: string }) => view.status === 'held')).toBe(true);
          seen.push(...ids(res.body));
          cursor = res.body.nextCursor;
          if (limit === 4) await seed(store, 0);
        } while (cursor);
        if (limit === 1) expect(expected).toEqual(seeded);
        expect({ limit, seen }).toEqual({ limit, seen: expected });
      }
    });

    it('refuses a cursor of another filter, or one it did not make, with a field error', async () => {
      for (let n = 0; n < 3; n++) await seed(store, 10 + n);
      await hold();
      const plain = (await app.call('GET', '/deliveries?limit=1')).body.nextCursor;
      const held = (await app.call('GET', '/deliveries?status=held&limit=1')).body.nextCursor;
      expect(plain).toEqual(expect.any(String));
      expect(held).toEqual(expect.any(String));

      const forged = [
        Buffer.from('2026-12-06T12:00:00.000Z#not-a-row').toString('base64url'),
        Buffer.from(JSON.stringify({ queued: 'x', evil: true })).toString('base64url'),
        Buffer.from(JSON.stringify({ queued: 'bm90IGEgY3Vyc29y' })).toString('base64url'),
        'bm90IGEgY3Vyc29y',
      ];
      for (const [query, cursor] of [
        ['status=held', plain],
        ['status=sent', held],
        ['', held],
        ...forged.flatMap((cursor) => [
          ['', cursor],
          ['status=held', cursor],
        ]),
      ] as const) {
        const res = await app.call('GET', `/deliveries?${query}&cursor=${cursor}`);
        expect({ query, cursor, status: res.status }).toEqual({ query, cursor, status: 400 });
        expect(res.body.error).toEqual({
          code: 'VALIDATION_FAILED',
          message: 'Some fields need attention',
          messageKey: 'error.fieldsInvalid',
          fields: { cursor: 'Use the nextCursor of a page with the same filters' },
        });
      }
    });

    it('refuses a bad status, limit, cursor or recipient with field errors that never echo the input', async () => {
      const planted = 'PLANTED<script>';
      const cases: Array<[string, string]> = [
        [`status=${encodeURIComponent(planted)}`, 'status'],
        ['status=', 'status'],
        ['status=HELD', 'status'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=1e2', 'limit'],
        ['limit=-1', 'limit'],
        [`limit=${encodeURIComponent(planted)}`, 'limit'],
        [`cursor=${encodeURIComponent(planted)}`, 'cursor'],
        [`cursor=${'A'.repeat(1025)}`, 'cursor'],
        ['cursor=', 'cursor'],
        [`recipient=${encodeURIComponent(`${planted} x@example.com`)}`, 'recipient'],
        ['recipient=a%00b%40example.com', 'recipient'],
        ['recipient=a%09b%40example.com', 'recipient'],
        [`recipient=${'a'.repeat(321)}`, 'recipient'],
        ['recipient=%20%20', 'recipient'],
      ];
      for (const [query, field] of cases) {
        const res = await app.call('GET', `/deliveries?${query}`);
        expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
          query,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(Object.keys(res.body.error.fields)).toEqual([field]);
        expect(JSON.stringify(res.body)).not.toContain('PLANTED');
      }
      // Several at once, each on its field; and parameters it does not know are left alone.
      const res = await app.call('GET', `/deliveries?status=x&limit=0&cursor=%2F&recipient=%00&_=123`);
      expect(Object.keys(res.body.error.fields).sort()).toEqual(['cursor', 'limit', 'recipient', 'status']);
      expect((await app.call('GET', '/deliveries?_=1700000000&limit=200')).status).toBe(200);
    });
  });

  describe('hostile input', () => {
    it('answers any query with 200 or 400, never 500 and never an echo (property)', async () => {
      await seed(store, 10, 'failed');
      const value = fc.oneof(
        plantedString,
        fc.constantFrom('held', 'failed', '1', '200', 'dana@example.com'),
      );
      const query = fc.dictionary(fc.constantFrom('status', 'recipient', 'cursor', 'limit', 'other'), value, {
        maxKeys: 5,
      });
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const res = await app.call('GET', `/deliveries?${new URLSearchParams(params)}`);
          expect([200, 400]).toContain(res.status);
          expect(JSON.stringify(res.body)).not.toMatch(MARKER_PATTERN);
        }),
        { numRuns: 300 },
      );
    });

    it('answers any id with 404 and changes nothing, never 500 and never an echo (property)', async () => {
      const id = await seed(store, 10, 'failed');
      const action = fc.constantFrom('', '/resend', '/discard');
      await fc.assert(
        fc.asyncProperty(plantedString, action, async (planted, path) => {
          // Every byte percent-encoded, so the id arrives as planted, control characters and all.
          const encoded = [...Buffer.from(planted)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`);
          const res = await app.call(path ? 'POST' : 'GET', `/deliveries/${encoded.join('')}${path}`, {
            ...(path && { body: {} }),
          });
          expect(res.status).toBe(404);
          expect(JSON.stringify(res.body)).not.toMatch(MARKER_PATTERN);
        }),
        { numRuns: 300 },
      );
      expect((await store.getDelivery(TENANT, id))?.delivery.status).toBe('failed');
      // An id of a delivery id's shape is logged as named, by design (a planted one can have that shape);
      // nothing else of the path may reach the log.
      const logged = events.map(({ deliveryId, ...event }) =>
        deliveryId !== undefined && isDeliveryId(deliveryId) ? event : { deliveryId, ...event },
      );
      expect(JSON.stringify(logged)).not.toMatch(MARKER_PATTERN);
    });
  });

  describe('GET /deliveries/summary', () => {
    it('counts the last 24 hours by status, with the last success and failure', async () => {
      await seed(store, 60, 'sent');
      await seed(store, 50, 'failed');
      await seed(store, 40, 'retrying');
      await seed(store, 30);
      await seed(store, 24 * 60 + 1);
      await seed(store, 5, 'queued', { tenant: OTHER });

      const res = await app.call('GET', '/deliveries/summary');

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        since: minutesAgo(24 * 60),
        counts: { queued: 1, sending: 0, retrying: 1, held: 0, sent: 1, failed: 1, discarded: 0 },
        lastSuccessAt: minutesAgo(1),
        lastFailure: { at: minutesAgo(1), failure: expect.any(Object) },
      });
    });

    it('shows a hold with its reason and every waiting message, however old', async () => {
      await seed(store, 30);
      await seed(store, 20, 'retrying');
      await seed(store, 3 * 24 * 60);
      await hold();

      const res = await app.call('GET', '/deliveries/summary');

      expect(res.body.counts).toEqual({
        queued: 0,
        sending: 0,
        retrying: 0,
        held: 2,
        sent: 0,
        failed: 0,
        discarded: 0,
      });
      expect(res.body.held).toEqual({ failure: AUTH_FAILED, since: minutesAgo(30), waiting: 3 });
      expect(res.body.lastFailure).toEqual({ at: minutesAgo(1), failure: GREYLISTED });
      expect(res.body).not.toHaveProperty('lastSuccessAt');
    });

    it('shows no other tenant’s hold', async () => {
      await seed(store, 30);
      await hold(OTHER);
      const res = await app.call('GET', '/deliveries/summary');
      expect(res.body).not.toHaveProperty('held');
      expect(res.body.counts.queued).toBe(1);
    });
  });

  describe('GET /deliveries/:id', () => {
    it('answers the message with its attempts, oldest first', async () => {
      const id = await seed(store, 30, 'retrying');

      const res = await app.call('GET', `/deliveries/${id}`);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        delivery: expect.objectContaining({
          id,
          status: 'retrying',
          attempts: 1,
          nextAttemptAt: minutesAgo(-5),
          failure: GREYLISTED,
        }),
        attempts: [attempt('retry', GREYLISTED)],
      });
      expect(JSON.stringify(res.body)).not.toContain(CONTENT);
    });

    it('answers an attempt that followed one interrupted mid-send as resumed', async () => {
      const id = await seed(store, 30, 'sending');
      // The worker that claimed it died; another claims it once the lease ran out, and delivers it.
      const later = minutesAgo(-2);
      const [again] = await store.claimDeliveries({
        now: later,
        limit: 1,
        perTenant: 1,
        owner: 'worker-2',
        leaseUntil: minutesAgo(-3),
        skipTenants: [],
      });
      expect(again).toMatchObject({ id, reclaimed: true });
      const resumed = { ...attempt('sent'), resumed: true };
      expect(await store.finishAttempt(id, 'worker-2', { status: 'sent', attempt: resumed }, later)).toBe(
        true,
      );

      const res = await app.call('GET', `/deliveries/${id}`);

      expect(res.status).toBe(200);
      expect(res.body.attempts).toEqual([resumed]);
    });

    it('answers 404 for another tenant’s message, an unknown id or one no store could hold', async () => {
      const theirs = await seed(store, 10, 'queued', { tenant: OTHER });
      const mine = await seed(store, 10);
      expect((await app.call('GET', `/deliveries/${mine}`, { headers: { 'X-Tenant': OTHER } })).status).toBe(
        404,
      );
      for (const id of [theirs, newDeliveryId(), 'short', 'A'.repeat(65), '%00'.repeat(24), 'summary%00']) {
        const res = await app.call('GET', `/deliveries/${id}`);
        expect({ id, status: res.status, body: res.body }).toEqual({
          id,
          status: 404,
          body: {
            error: {
              code: 'NOT_FOUND',
              message: 'There is no such message in the delivery log',
              messageKey: 'error.deliveryNotFound',
            },
          },
        });
      }
    });
  });

  describe('POST /deliveries/:id/resend', () => {
    it('queues a failed or discarded message again, due now, wakes the outbox and logs who did it', async () => {
      const failed = await seed(store, 30, 'failed');
      const discarded = await seed(store, 20, 'discarded');

      for (const id of [failed, discarded]) {
        const res = await app.call('POST', `/deliveries/${id}/resend`, { body: {} });
        expect(res.status).toBe(200);
        expect(res.body.delivery).toMatchObject({ id, status: 'queued', nextAttemptAt: NOW.toISOString() });
        expect(res.body.delivery).not.toHaveProperty('failure');
        const claimed = await store.claimDeliveries({
          now: NOW.toISOString(),
          limit: 10,
          perTenant: 10,
          owner: WORKER,
          leaseUntil: minutesAgo(-1),
          skipTenants: [],
        });
        expect(claimed.map((delivery) => [delivery.id, delivery.content])).toEqual([[id, CONTENT]]);
      }
      expect((await app.call('GET', `/deliveries/${failed}`)).body.attempts).toHaveLength(1);
      expect(wakes).toBe(2);
      expect(events).toEqual([
        {
          event: 'delivery_resend',
          tenant: TENANT,
          actor: 'dana@example.com',
          outcome: 'resent',
          deliveryId: failed,
        },
        {
          event: 'delivery_resend',
          tenant: TENANT,
          actor: 'dana@example.com',
          outcome: 'resent',
          deliveryId: discarded,
        },
      ]);
      expect(JSON.stringify(events)).not.toContain(SUBJECT);
      expect(JSON.stringify(events)).not.toContain('qa-lead');
    });

    it('shows a message resent while the tenant is held as held', async () => {
      const id = await seed(store, 30, 'failed');
      await hold();
      const res = await app.call('POST', `/deliveries/${id}/resend`, { body: {} });
      expect(res.body.delivery).toMatchObject({ status: 'held', failure: AUTH_FAILED });
    });

    it('refuses a message that has not failed, or whose content is gone, with 409 and why', async () => {
      const queued = await seed(store, 50);
      const sending = await seed(store, 40, 'sending');
      const sent = await seed(store, 30, 'sent');
      const direct = newDeliveryId();
      await store.addDelivery({
        id: direct,
        tenant: TENANT,
        source: 'mailer',
        status: 'failed',
        createdAt: minutesAgo(20),
        messageId: `<${direct}@example.com>`,
        to: ['qa-lead@example.com'],
        cc: [],
        bcc: [],
        subject: SUBJECT,
        content: null,
        attempt: attempt('failed', RECIPIENT_REJECTED),
      });
      const held = await seed(store, 10, 'queued', { tenant: OTHER });
      await hold(OTHER);

      const refusals = [
        [queued, TENANT, /it has not failed: it is queued/],
        [sending, TENANT, /it has not failed: it is sending/],
        [sent, TENANT, /it was sent, and a message's content is not kept once it is delivered/],
        [direct, TENANT, /handed to mailer\.send\(\) directly, and its content is never kept/],
        [held, OTHER, /it has not failed: it is held/],
      ] as const;
      for (const [id, tenant, why] of refusals) {
        const res = await app.call('POST', `/deliveries/${id}/resend`, {
          body: {},
          headers: { 'X-Tenant': tenant },
        });
        expect({ id, status: res.status, code: res.body.error.code }).toEqual({
          id,
          status: 409,
          code: 'DELIVERY_NOT_RESENDABLE',
        });
        expect(res.body.error.message).toMatch(why);
      }
      expect((await app.call('GET', `/deliveries/${sent}`)).body.delivery.status).toBe('sent');
      expect(wakes).toBe(0);
      expect(events.map(({ outcome }) => outcome)).toEqual(refusals.map(() => 'DELIVERY_NOT_RESENDABLE'));
    });

    it('answers 404 for another tenant’s message and changes nothing', async () => {
      const theirs = await seed(store, 30, 'failed', { tenant: OTHER });

      const res = await app.call('POST', `/deliveries/${theirs}/resend`, { body: {} });
      const bad = await app.call('POST', `/deliveries/${'%0A'.repeat(30)}/resend`, { body: {} });

      expect(res.status).toBe(404);
      expect(bad.status).toBe(404);
      expect((await store.getDelivery(OTHER, theirs))?.delivery.status).toBe('failed');
      expect(events).toEqual([
        expect.objectContaining({ event: 'delivery_resend', outcome: 'NOT_FOUND', deliveryId: theirs }),
        { event: 'delivery_resend', tenant: TENANT, actor: 'dana@example.com', outcome: 'NOT_FOUND' },
      ]);
    });
  });

  describe('POST /deliveries/:id/discard', () => {
    it('discards a queued, retrying, held or failed message', async () => {
      const queued = await seed(store, 50);
      const retrying = await seed(store, 40, 'retrying');
      const failed = await seed(store, 30, 'failed');
      const held = await seed(store, 20, 'queued', { tenant: OTHER });
      await hold(OTHER);

      for (const [id, tenant] of [
        [queued, TENANT],
        [retrying, TENANT],
        [failed, TENANT],
        [held, OTHER],
      ] as const) {
        // A JSON content type is all the CSRF check asks of an action; the body may be left out.
        const res = await app.call('POST', `/deliveries/${id}/discard`, {
          ...(id !== queued && { body: {} }),
          headers: { 'X-Tenant': tenant, 'Content-Type': 'application/json' },
        });
        expect({ id, status: res.status }).toEqual({ id, status: 200 });
        expect(res.body.delivery).toMatchObject({ id, status: 'discarded', updatedAt: NOW.toISOString() });
        expect(res.body.delivery).not.toHaveProperty('nextAttemptAt');
      }
      expect(ids((await app.call('GET', '/deliveries?status=discarded')).body)).toEqual([
        failed,
        retrying,
        queued,
      ]);
      expect(events.map(({ event, outcome }) => [event, outcome])).toEqual(
        Array.from({ length: 4 }, () => ['delivery_discard', 'discarded']),
      );
      expect(wakes).toBe(0);
    });

    it('refuses a sent, sending or discarded message with 409', async () => {
      const refusals: Array<[string, RegExp]> = [];
      for (const [status, why] of [
        ['sent', /it is already sent/],
        ['sending', /an attempt to send it is under way/],
        ['discarded', /it is already discarded/],
      ] as const) {
        const id = await seed(store, 30, status);
        refusals.push([id, why]);
      }
      for (const [id, why] of refusals) {
        const res = await app.call('POST', `/deliveries/${id}/discard`, { body: {} });
        expect({ id, status: res.status, code: res.body.error.code }).toEqual({
          id,
          status: 409,
          code: 'DELIVERY_NOT_DISCARDABLE',
        });
        expect(res.body.error.message).toMatch(why);
      }
    });

    it('answers 404 for another tenant’s message and keeps it', async () => {
      const theirs = await seed(store, 30, 'queued', { tenant: OTHER });
      expect((await app.call('POST', `/deliveries/${theirs}/discard`, { body: {} })).status).toBe(404);
      expect((await store.getDelivery(OTHER, theirs))?.delivery.status).toBe('queued');
    });
  });

  describe('protections', () => {
    const ROUTES = [
      ['GET', '/deliveries'],
      ['GET', '/deliveries/summary'],
      ['GET', '/deliveries/ID'],
      ['POST', '/deliveries/ID/resend'],
      ['POST', '/deliveries/ID/discard'],
    ] as const;

    it('answers 401 and 403 to a caller authorize refuses, and 404 when the feature is off', async () => {
      const id = await seed(store, 30, 'failed');
      for (const [authorize, status] of [
        [() => 'unauthenticated' as const, 401],
        [() => false, 403],
      ] as const) {
        const denied = createTestApp({ store, authorize });
        for (const [method, path] of ROUTES) {
          const res = await denied.call(
            method,
            path.replace('ID', id),
            method === 'POST' ? { body: {} } : {},
          );
          expect({ method, path, status: res.status }).toEqual({ method, path, status });
        }
      }
      const off = createTestApp({ store, enabled: () => false });
      for (const [method, path] of ROUTES) {
        const res = await off.call(method, path.replace('ID', id), method === 'POST' ? { body: {} } : {});
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
      expect((await store.getDelivery(TENANT, id))?.delivery.status).toBe('failed');
    });

    it('refuses a resend or discard from another site (CSRF) and changes nothing', async () => {
      const id = await seed(store, 30, 'failed');
      for (const action of ['resend', 'discard']) {
        const path = `/deliveries/${id}/${action}`;
        const evil = await app.call('POST', path, { body: {}, headers: { Origin: 'https://evil.example' } });
        expect(evil.status).toBe(403);
        expect(evil.body.error.code).toBe('CSRF_REJECTED');
        const form = await app.call('POST', path, {
          body: 'x=1',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        expect(form.status).toBe(415);
        const hidden = await app.host.request(`${MOUNT}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
        });
        expect(hidden.status).toBe(403);
      }
      expect((await store.getDelivery(TENANT, id))?.delivery.status).toBe('failed');
      expect(wakes).toBe(0);
    });

    it('answers 405 with Allow to another method, before looking at Content-Type or Origin', async () => {
      const id = newDeliveryId();
      for (const [method, path, allow] of [
        ['POST', '/deliveries', 'GET'],
        ['DELETE', '/deliveries', 'GET'],
        ['PUT', '/deliveries/summary', 'GET'],
        ['DELETE', `/deliveries/${id}`, 'GET'],
        ['PATCH', `/deliveries/${id}`, 'GET'],
        ['GET', `/deliveries/${id}/resend`, 'POST'],
        ['PUT', `/deliveries/${id}/discard`, 'POST'],
        ['DELETE', '/deliveries/summary', 'GET'],
      ] as const) {
        const res = await app.host.request(`${MOUNT}${path}`, {
          method,
          headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
        });
        expect({ method, path, status: res.status, allow: res.headers.get('Allow') }).toEqual({
          method,
          path,
          status: 405,
          allow,
        });
      }
      expect((await app.host.request(`${MOUNT}/deliveries`, { method: 'HEAD' })).status).toBe(200);
      const unknown = await app.call('POST', `/deliveries/${id}/other`, { body: {} });
      expect(unknown.status).toBe(404);
    });
  });
});

describe('a store without a delivery log', () => {
  it('answers 404 NOT_FOUND on every delivery path, whatever the method', async () => {
    const { listDeliveries: _, ...store } = memoryStore();
    const app = createTestApp({ store });
    for (const [method, path] of [
      ['GET', '/deliveries'],
      ['GET', '/deliveries/summary'],
      ['GET', `/deliveries/${newDeliveryId()}`],
      ['POST', `/deliveries/${newDeliveryId()}/resend`],
      ['POST', `/deliveries/${newDeliveryId()}/discard`],
      ['DELETE', '/deliveries'],
    ] as const) {
      const res = await app.call(method, path, method === 'GET' ? {} : { body: {} });
      expect({ method, path, status: res.status, code: res.body.error.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
  });
});

describe('mounting the delivery log', () => {
  it('keeps the host app on Hono’s RegExpRouter', async () => {
    const app = createTestApp({ store: memoryStore() });
    expect((await app.call('GET', '/deliveries/summary')).status).toBe(200);
    expect((app.host as unknown as { router: { name: string } }).router.name).toBe(
      'SmartRouter + RegExpRouter',
    );
  });

  it('refuses at startup an outbox that cannot be woken', () => {
    expect(() => createTestApp({ store: memoryStore(), outbox: {} as never })).toThrow(/`outbox`.*wake\(\)/);
  });
});
