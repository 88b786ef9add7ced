import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASE_URL, testSchemaName, withTestDatabase } from '../../test/postgres-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../test/socket-handles.js';
import { notificationChannel } from './postgres-channel.js';
import {
  holdPoolConnection,
  type ListeningConnection,
  openListeningConnection,
} from './postgres-listening-connection.js';
import {
  createRevisionCache,
  type RevisionCache,
  type RevisionCacheTiming,
} from './postgres-revision-cache.js';

const SCHEMA = 'smtp_settings';
const CHANNEL = notificationChannel(SCHEMA);
/** Short waits, so a test sees a retry or a check within milliseconds. */
const FAST: Partial<RevisionCacheTiming> = {
  connectTimeoutMs: 50,
  queryTimeoutMs: 50,
  checkEveryMs: 20,
  firstRetryMs: 2,
  longestRetryMs: 10,
  closeTimeoutMs: 200,
};

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets everything settle that is already under way (promise jobs, I/O callbacks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A connection the test drives: it confirms LISTEN, delivers notifications and drops when told. */
function fakeConnection() {
  const listen = deferred<void>();
  let markLost = (): void => undefined;
  const lost = new Promise<void>((resolve) => {
    markLost = resolve;
  });
  let notify = (_channel: string, _payload: string): void => undefined;
  let silent = false;
  const connection: ListeningConnection = {
    query: vi.fn(async (text: string) => {
      if (text.startsWith('LISTEN')) {
        await listen.promise;
        return { rows: [], rowCount: null };
      }
      if (silent) return new Promise<never>(() => undefined);
      return { rows: [{ n: 1 }], rowCount: 1 };
    }),
    lost,
    onNotification(listener) {
      notify = listener;
    },
    unwanted: () => false,
    close: vi.fn(async () => markLost()),
  };
  return {
    connection,
    confirm: () => listen.resolve(),
    notify: (payload: string) => notify(CHANNEL, payload),
    drop: () => markLost(),
    goSilent: () => {
      silent = true;
    },
  };
}

type FakeConnection = ReturnType<typeof fakeConnection>;

describe('createRevisionCache', () => {
  const caches: RevisionCache[] = [];
  /** A cache whose connections are `fakes`, handed out in turn (none left: the connect never answers). */
  const cacheOn = (fakes: FakeConnection[], timing = FAST) => {
    const connect = vi.fn(() => {
      const next = fakes.shift();
      return next === undefined ? new Promise<never>(() => undefined) : Promise.resolve(next.connection);
    });
    const cache = createRevisionCache({ schema: SCHEMA, connect, timing });
    caches.push(cache);
    return { cache, connect };
  };
  const database = new Map<string, number>();
  const reads = vi.fn(async (tenant: string) => database.get(tenant) ?? 0);
  /** Makes the cache listen on `fake`: a first read starts it, then LISTEN is confirmed. */
  const listening = async (cache: RevisionCache, fake: FakeConnection) => {
    await cache.revision('nobody', reads);
    fake.confirm();
    await settle();
  };

  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.close();
    database.clear();
    reads.mockClear();
  });

  it('reads the database until LISTEN is confirmed, and keeps nothing it read before', async () => {
    const fake = fakeConnection();
    const { cache } = cacheOn([fake]);
    database.set('acme', 1);
    expect(await cache.revision('acme', reads)).toBe(1);
    // A read that started before LISTEN was confirmed may miss a write no notification will repeat.
    const early = deferred<number>();
    const answer = cache.revision('acme', () => early.promise);
    await settle();
    expect(fake.connection.query).toHaveBeenCalledWith(`LISTEN "${CHANNEL}"`);
    fake.confirm();
    await settle();
    database.set('acme', 2);
    early.resolve(1);
    expect(await answer).toBe(1);

    reads.mockClear();
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keeps the highest of what it read, heard and wrote, and never goes back', async () => {
    const fake = fakeConnection();
    const { cache } = cacheOn([fake]);
    await listening(cache, fake);
    const read = deferred<number>();
    const answer = cache.revision('acme', () => read.promise);
    fake.notify('5:acme');
    read.resolve(4);
    expect(await answer).toBe(5);
    fake.notify('3:acme');
    fake.notify('9:globex');
    expect(await cache.revision('acme', reads)).toBe(5);
    cache.wrote('acme', 7);
    expect(await cache.revision('acme', reads)).toBe(7);
    fake.notify('8:a:b');
    expect(await cache.revision('acme', reads)).toBe(7);
    expect(reads).not.toHaveBeenCalledWith('acme');
  });

  it('asks the database once for a tenant whose revision several sends ask for together', async () => {
    const fake = fakeConnection();
    const { cache } = cacheOn([fake]);
    await listening(cache, fake);
    reads.mockClear();
    database.set('acme', 3);
    const answers = Promise.all(Array.from({ length: 5 }, () => cache.revision('acme', reads)));
    // Heard while the shared read runs: every answer has it.
    fake.notify('4:acme');
    expect(await answers).toEqual([4, 4, 4, 4, 4]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('forgets every tenant on a notification without one, and a read under way then', async () => {
    const fake = fakeConnection();
    const { cache } = cacheOn([fake]);
    await listening(cache, fake);
    database.set('acme', 1);
    await cache.revision('acme', reads);
    const read = deferred<number>();
    const answer = cache.revision('globex', () => read.promise);
    fake.notify('*');
    read.resolve(3);
    expect(await answer).toBe(3);

    reads.mockClear();
    database.set('acme', 0);
    expect(await cache.revision('acme', reads)).toBe(0);
    expect(await cache.revision('globex', reads)).toBe(0);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('forgets everything the moment its connection is lost, reads meanwhile, then listens again', async () => {
    const first = fakeConnection();
    const second = fakeConnection();
    const { cache, connect } = cacheOn([first, second]);
    await listening(cache, first);
    database.set('acme', 1);
    await cache.revision('acme', reads);
    const read = deferred<number>();
    const across = cache.revision('globex', () => read.promise);

    first.drop();
    await settle();
    database.set('acme', 2);
    reads.mockClear();
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(first.connection.close).toHaveBeenCalled();

    await vi.waitFor(() => expect(connect).toHaveBeenCalledTimes(2), { timeout: 1000 });
    second.confirm();
    await settle();
    // A read from before the loss completes now: it may have missed a write, so it is not kept.
    read.resolve(5);
    await across;
    reads.mockClear();
    expect(await cache.revision('globex', reads)).toBe(0);
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(await cache.revision('acme', reads)).toBe(2);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('gives up on a connection or a LISTEN that does not answer in time, and closes what comes late', async () => {
    const late = fakeConnection();
    const mute = fakeConnection();
    const good = fakeConnection();
    let calls = 0;
    const connect = vi.fn(async () => {
      calls += 1;
      if (calls === 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return late.connection;
      }
      return (calls === 2 ? mute : good).connection;
    });
    const cache = createRevisionCache({ schema: SCHEMA, connect, timing: FAST });
    caches.push(cache);
    await cache.revision('acme', reads);
    // The first connection comes too late to be used, though it would listen; the second never
    // confirms LISTEN; the third does.
    late.confirm();
    good.confirm();
    await vi.waitFor(() => expect(connect).toHaveBeenCalledTimes(3), { timeout: 1000 });
    await vi.waitFor(() => expect(mute.connection.close).toHaveBeenCalled(), { timeout: 1000 });
    await vi.waitFor(() => expect(late.connection.close).toHaveBeenCalled(), { timeout: 1000 });
    await settle();
    reads.mockClear();
    await cache.revision('acme', reads);
    await cache.revision('acme', reads);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('tries again after 1, 2, 4… times the first wait, never longer than the longest', async () => {
    vi.useFakeTimers();
    // The longest of its jittered waits, so the schedule is exact.
    vi.spyOn(Math, 'random').mockReturnValue(1);
    try {
      const connect = vi.fn(() => Promise.reject(new Error('connect ECONNREFUSED')));
      const timing = { ...FAST, firstRetryMs: 100, longestRetryMs: 400 };
      const cache = createRevisionCache({ schema: SCHEMA, connect, timing });
      caches.push(cache);
      await cache.revision('acme', reads);
      const callsAt = async (ms: number) => {
        await vi.advanceTimersByTimeAsync(ms);
        return connect.mock.calls.length;
      };
      expect(await callsAt(0)).toBe(1);
      expect([await callsAt(99), await callsAt(1)]).toEqual([1, 2]);
      expect([await callsAt(199), await callsAt(1)]).toEqual([2, 3]);
      expect([await callsAt(399), await callsAt(1)]).toEqual([3, 4]);
      expect([await callsAt(399), await callsAt(1)]).toEqual([4, 5]);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
      vi.mocked(Math.random).mockRestore();
    }
  });

  it('drops a connection that stops answering its check', async () => {
    const silent = fakeConnection();
    const next = fakeConnection();
    const { cache, connect } = cacheOn([silent, next]);
    await listening(cache, silent);
    await cache.revision('acme', reads);
    silent.goSilent();
    await vi.waitFor(() => expect(connect).toHaveBeenCalledTimes(2), { timeout: 1000 });
    expect(silent.connection.close).toHaveBeenCalled();
    reads.mockClear();
    await cache.revision('acme', reads);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('stops trying to listen once closed, also while waiting to try again or connecting', async () => {
    const first = fakeConnection();
    const { cache, connect } = cacheOn([first], { ...FAST, firstRetryMs: 40, longestRetryMs: 40 });
    await listening(cache, first);
    first.drop();
    await settle();
    await cache.close();
    // Longer than the retry's wait: nothing connects after close().
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connect).toHaveBeenCalledTimes(1);

    const arriving = deferred<ListeningConnection | undefined>();
    const slow = fakeConnection();
    const connecting = createRevisionCache({ schema: SCHEMA, connect: () => arriving.promise, timing: FAST });
    await connecting.revision('acme', reads);
    const closing = connecting.close();
    arriving.resolve(slow.connection);
    await closing;
    expect(slow.connection.close).toHaveBeenCalled();
  });

  it('never listens when no connection can be had to listen on', async () => {
    const connect = vi.fn(async () => undefined);
    const cache = createRevisionCache({ schema: SCHEMA, connect, timing: FAST });
    caches.push(cache);
    for (let n = 0; n < 3; n += 1) await cache.revision('acme', reads);
    await settle();
    await cache.revision('acme', reads);
    expect(reads).toHaveBeenCalledTimes(4);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});

/** A TCP relay to PostgreSQL whose connections can stop relaying, sockets left open, as a dead network does. */
async function startFreezableRelay(): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  const target = new URL(TEST_DATABASE_URL);
  const relays = new Set<{ sockets: Socket[]; frozen: boolean }>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const relay = { sockets: [client, upstream], frozen: false };
    relays.add(relay);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!relay.frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      relays.delete(relay);
      for (const socket of relay.sockets) socket.destroy();
    };
    for (const socket of relay.sockets) socket.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(TEST_DATABASE_URL);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    freeze() {
      for (const relay of relays) relay.frozen = true;
    },
    async close() {
      for (const relay of relays) for (const socket of relay.sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('createRevisionCache on real connections', () => {
  const reads = vi.fn(async (_tenant: string) => 1);
  /** How many reads one answer took. */
  const readsOf = async (cache: RevisionCache) => {
    const before = reads.mock.calls.length;
    await cache.revision('acme', reads);
    return reads.mock.calls.length - before;
  };
  const untilAnsweredFromMemory = (cache: RevisionCache) =>
    expect.poll(() => readsOf(cache), { timeout: 5000, interval: 5 }).toBe(0);

  beforeAll(() => withTestDatabase((client) => client.query('SELECT 1')));

  it('forgets everything when the network under its connection goes silent, then listens again', async () => {
    const relay = await startFreezableRelay();
    const schema = testSchemaName();
    const before = openSockets();
    const cache = createRevisionCache({
      schema,
      connect: () => openListeningConnection(relay.url, 1000),
      timing: { ...FAST, connectTimeoutMs: 1000, queryTimeoutMs: 100, checkEveryMs: 30 },
    });
    try {
      await untilAnsweredFromMemory(cache);
      await withTestDatabase((client) =>
        client.query('SELECT pg_notify($1, $2)', [notificationChannel(schema), '7:acme']),
      );
      await expect.poll(() => cache.revision('acme', reads), { timeout: 1000, interval: 2 }).toBe(7);

      relay.freeze();
      // The next check gets no answer: from then on every answer is read, until it listens again.
      await expect.poll(() => readsOf(cache), { timeout: 1000, interval: 2 }).toBe(1);
      await untilAnsweredFromMemory(cache);
    } finally {
      await cache.close();
    }
    await expectSocketsBackTo(before);
    await relay.close();
  });

  it('lets the host end the pool it holds a connection of, and then reads', async () => {
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
    const cache = createRevisionCache({
      schema: testSchemaName(),
      connect: () => holdPoolConnection(pool),
      timing: FAST,
    });
    try {
      await untilAnsweredFromMemory(cache);
      const ended = pool.end().then(() => 'ended');
      const waiting = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000));
      expect(await Promise.race([ended, waiting])).toBe('ended');
      expect(await readsOf(cache)).toBe(1);
    } finally {
      await cache.close();
    }
  });
});
