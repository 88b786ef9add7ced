import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SECRETS } from '../../test/app-fixture.js';
import { type GraphFixture, startGraphFixture } from '../../test/graph-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { memoryConfig, saveMicrosoftSettings } from '../../test/outbox-fixture.js';
import { createOutbox, type Outbox } from './create-outbox.js';
import type { DeliveryRecord, DeliveryStore } from './delivery-store.js';

const TENANT = 'acme';
const BODY = 'body-text-never-logged-graph-5d1e';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'Test case TC-42 was updated', text: BODY };
const GRAPH = { sendingMethod: 'graph' } as const;

let mock: OAuthMock;
let graph: GraphFixture;
const outboxes: Outbox[] = [];

beforeAll(async () => {
  mock = await startOAuthMock();
  graph = await startGraphFixture({ acceptsToken: (token) => token === mock.latestAccessToken() });
});
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ timeoutMs: 2_000 })));
  graph.reset();
});
afterAll(async () => {
  await graph.close();
  await mock.stop();
});

/** A durable outbox on a memory store whose Microsoft settings send through the Graph fixture. */
async function setup() {
  const { store, time, logger, config } = memoryConfig({
    providers: {
      microsoft: { ...mock.microsoftOptions(), graph: { origin: graph.origin, timeoutMs: 2_000 } },
    },
  });
  await saveMicrosoftSettings(config, TENANT, {}, GRAPH);
  const outbox = createOutbox({ config, pollMs: 20 });
  outboxes.push(outbox);
  return { store, time, logger, config, outbox };
}

async function deliveries(store: DeliveryStore): Promise<DeliveryRecord[]> {
  return (await store.listDeliveries(TENANT, { limit: 200 })).deliveries;
}

/** Waits until every message of the tenant satisfies `settled`. */
async function until(store: DeliveryStore, settled: (delivery: DeliveryRecord) => boolean) {
  await vi.waitFor(
    async () => {
      const list = await deliveries(store);
      expect(list.length).toBeGreaterThan(0);
      expect(list.filter((delivery) => !settled(delivery))).toEqual([]);
    },
    { timeout: 10_000, interval: 10 },
  );
  return deliveries(store);
}

describe('the outbox sending through Microsoft Graph', () => {
  it('delivers each message once, with the Message-ID made at enqueue', async () => {
    const { outbox, store, logger } = await setup();
    const enqueued = await Promise.all([
      outbox.enqueue(MESSAGE, { tenant: TENANT }),
      outbox.enqueue(MESSAGE, { tenant: TENANT }),
    ]);
    await outbox.start();
    await until(store, (d) => d.status === 'sent');
    const received = graph.sent.map(({ mime }) => /^Message-ID: (.+)$/m.exec(mime)?.[1]?.trim());
    expect(received.sort()).toEqual(enqueued.map(({ messageId }) => messageId).sort());
    const detail = await store.getDelivery(TENANT, enqueued[0]?.id ?? '');
    expect(detail?.attempts).toEqual([
      expect.objectContaining({ outcome: 'sent', response: 'Microsoft Graph 202 Accepted' }),
    ]);
    const tokens = mock.issued.map(({ accessToken }) => accessToken);
    for (const secret of [BODY, ...Object.values(SECRETS), ...tokens]) {
      expect(logger.lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });

  it('holds the tenant on a denied permission (403), sends nothing more, and resumes after a save', async () => {
    const { outbox, store, config } = await setup();
    graph.failAlways('sendMail', { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' });
    await Promise.all(Array.from({ length: 3 }, () => outbox.enqueue(MESSAGE, { tenant: TENANT })));
    await outbox.start();
    await vi.waitFor(async () => expect(await store.listHolds()).toHaveLength(1), { timeout: 5_000 });
    const [hold] = await store.listHolds();
    expect(hold?.failure).toMatchObject({
      code: 'GRAPH_ACCESS_DENIED',
      stage: 'send',
      hintKey: 'hint.GRAPH_ACCESS_DENIED',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const tried = graph.count('sendMail');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(graph.count('sendMail')).toBe(tried);
    expect((await deliveries(store)).map((d) => d.status)).toEqual(['queued', 'queued', 'queued']);

    // The admin grants the permission and saves: the hold ends and the mail goes out.
    graph.failAlways('sendMail', undefined);
    await saveMicrosoftSettings(config, TENANT, {}, GRAPH);
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
    expect(graph.sent).toHaveLength(3);
  });

  it('retries a throttled send (429) no sooner than Retry-After asks', async () => {
    const { outbox, store, time } = await setup();
    graph.failNext('sendMail', { status: 429, code: 'TooManyRequests', retryAfter: '600' });
    await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await outbox.start();
    const [record] = await until(store, (d) => d.status === 'retrying');
    expect(record?.failure).toMatchObject({ code: 'RATE_LIMITED', messageKey: 'failure.graphThrottled' });
    // The default backoff would come back after 24–36 s; Graph asked for 10 minutes.
    expect(Date.parse(record?.dueAt ?? '') - time.now()).toBeGreaterThanOrEqual(600_000);
    expect(graph.count('sendMail')).toBe(1);
    time.advance(600_000);
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
  });

  it('retries while Graph is unavailable (503), then delivers', async () => {
    const { outbox, store, time } = await setup();
    graph.failAlways('sendMail', { status: 503, code: 'ServiceUnavailable', retryAfter: '120' });
    await outbox.enqueue(MESSAGE, { tenant: TENANT });
    await outbox.start();
    const [record] = await until(store, (d) => d.status === 'retrying');
    expect(record?.failure).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      messageKey: 'failure.graphUnavailable',
    });
    expect(Date.parse(record?.dueAt ?? '') - time.now()).toBeGreaterThanOrEqual(120_000);
    expect(await store.listHolds()).toEqual([]);
    graph.failAlways('sendMail', undefined);
    time.advance(120_000);
    outbox.wake();
    await until(store, (d) => d.status === 'sent');
  });
});
