import { randomUUID } from 'node:crypto';
import { Module } from 'node:module';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runQueueEngineContract } from '../../../test/queue-engine-contract.js';
import { expectSocketsBackTo, openSockets } from '../../../test/socket-handles.js';
import { startStallingServer } from '../../../test/stalling-server.js';
import { bullmqEngine } from './bullmq-engine.js';
import { QueueEngineError } from './queue-engine-error.js';

const REDIS = { host: '127.0.0.1', port: 6379 };
const admin = new Redis(REDIS);
afterAll(() => admin.quit());

/** A key prefix of this file's own, one per test, so runs and tests never see each other's jobs. */
function testPrefix(): string {
  return `smtp-settings-test-${randomUUID()}`;
}

/** Deletes every key under `prefix`. */
async function removeKeys(prefix: string): Promise<void> {
  for await (const keys of admin.scanStream({ match: `${prefix}:*`, count: 500 })) {
    if ((keys as string[]).length > 0) await admin.del(...(keys as string[]));
  }
}

/** A TCP relay to Redis on 127.0.0.1 whose `cut()` drops every connection and refuses new ones: Redis gone. */
async function startRedisRelay(): Promise<{ port: number; cut(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const upstream = createConnection(REDIS.port, REDIS.host);
    for (const each of [socket, upstream]) {
      sockets.add(each);
      each.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

runQueueEngineContract('BullMQ', async () => {
  const prefix = testPrefix();
  return {
    instance: () => bullmqEngine({ connection: REDIS, prefix }),
    cleanup: () => removeKeys(prefix),
  };
});

describe('bullmqEngine', () => {
  it('serves turns through a Redis client the host owns, and leaves it open on stop', async () => {
    const prefix = testPrefix();
    const client = new Redis({ ...REDIS, maxRetriesPerRequest: null });
    const engine = bullmqEngine({ connection: client, prefix });
    const served: string[] = [];
    try {
      await engine.start(
        { serve: async (tenant) => void served.push(tenant), tasks: [] },
        { concurrency: 1 },
      );
      await engine.requestTurn('tenant:with:colons');
      await expect.poll(() => served, { timeout: 5_000 }).toEqual(['tenant:with:colons']);
      await engine.stop();
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
      await removeKeys(prefix);
    }
  });

  it('rejects start() with the refusal when nothing listens at the address', async () => {
    const before = openSockets();
    const engine = bullmqEngine({ connection: { host: '127.0.0.1', port: 1 }, prefix: testPrefix() });
    const failure = await engine
      .start({ serve: async () => undefined, tasks: [] }, { concurrency: 1 })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(QueueEngineError);
    expect(failure).toMatchObject({
      code: 'ECONNREFUSED',
      message: expect.stringContaining('connect to Redis'),
    });
    await expectSocketsBackTo(before);
  });

  it('rejects start() with a timeout, instead of waiting forever, when Redis accepts but never answers', {
    timeout: 20_000,
  }, async () => {
    const before = openSockets();
    const stalling = await startStallingServer();
    try {
      const engine = bullmqEngine({
        connection: `redis://:secret-Pa55@127.0.0.1:${stalling.port}`,
        prefix: testPrefix(),
      });
      const failure = await engine
        .start({ serve: async () => undefined, tasks: [] }, { concurrency: 1 })
        .catch((error) => error);
      expect(failure).toBeInstanceOf(QueueEngineError);
      expect(failure).toMatchObject({ code: 'ETIMEDOUT' });
      expect(failure.message).not.toContain('secret-Pa55');
    } finally {
      await stalling.close();
    }
    await expectSocketsBackTo(before);
  });

  it('rejects a host client that retries requests, naming the option, and leaves it open', async () => {
    const client = new Redis(REDIS);
    const engine = bullmqEngine({ connection: client, prefix: testPrefix() });
    try {
      const failure = await engine
        .start({ serve: async () => undefined, tasks: [] }, { concurrency: 1 })
        .catch((error) => error);
      expect(failure).toBeInstanceOf(QueueEngineError);
      expect(failure.message).toContain('maxRetriesPerRequest');
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
    }
  });

  it('gives up on a Redis that goes away: requestTurn() rejects and stop() returns, closing its sockets', {
    timeout: 30_000,
  }, async () => {
    const before = openSockets();
    const relay = await startRedisRelay();
    const prefix = testPrefix();
    const reconcile = { name: 'reconcile', periodMs: 60_000, run: async () => undefined };
    const engine = bullmqEngine({ connection: { host: '127.0.0.1', port: relay.port }, prefix });
    try {
      await engine.start({ serve: async () => undefined, tasks: [reconcile] }, { concurrency: 2 });
      relay.cut();
      await expect(engine.requestTurn('acme')).rejects.toMatchObject({
        name: 'QueueEngineError',
        code: 'ETIMEDOUT',
      });
      await engine.stop();
      await expectSocketsBackTo(before);
    } finally {
      relay.cut();
      await removeKeys(prefix);
    }
  });

  it.each([
    ['bullmq', 'npm install bullmq'],
    ['ioredis', 'npm install ioredis'],
  ])('names the package to install when %s is missing', (missing, advice) => {
    // Resolution fails for that package alone, as where it is not installed.
    const modules = Module as unknown as {
      _resolveFilename: (request: string, ...rest: unknown[]) => string;
    };
    const resolve = modules._resolveFilename;
    modules._resolveFilename = function (request, ...rest) {
      if (request === missing)
        throw Object.assign(new Error(`Cannot find module ${request}`), { code: 'MODULE_NOT_FOUND' });
      return resolve.call(this, request, ...rest);
    };
    try {
      expect(() => bullmqEngine({ connection: REDIS })).toThrow(advice);
    } finally {
      modules._resolveFilename = resolve;
    }
  });
});
