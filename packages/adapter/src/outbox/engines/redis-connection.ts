import type { Redis } from 'ioredis';
import { assertInstalled } from '../../stores/optional-peer.js';
import type { RedisClientLike, RedisConnection } from './redis-options.js';
import { within } from './within.js';

/** How long connecting and each later call to Redis may take before the engine gives up on it. */
export const REDIS_WAIT_MS = 5_000;

const MISSING_IOREDIS =
  'smtp-settings: bullmqEngine({ connection }) needs the `ioredis` package for an address or URL; install it (npm install ioredis) or pass your own ioredis client';

/** A connection to Redis, and whether the engine opened it (and so closes it). */
export interface OpenedRedis {
  client: Redis;
  owned: boolean;
}

function isClient(connection: RedisConnection): connection is RedisClientLike {
  return typeof connection === 'object' && typeof (connection as RedisClientLike).duplicate === 'function';
}

/** Throws, naming the package, when the connection needs ioredis and it is missing: called when the engine is created. */
export function assertRedisClientInstalled(connection: RedisConnection): void {
  if (!isClient(connection)) assertInstalled('ioredis', MISSING_IOREDIS);
}

/**
 * Connects to Redis and checks it answers, within {@link REDIS_WAIT_MS}: ioredis itself retries forever,
 * so a Redis that is down would otherwise leave the caller waiting. Closes what it opened when it fails.
 */
export async function openRedis(connection: RedisConnection): Promise<OpenedRedis> {
  if (isClient(connection)) {
    const client = connection as unknown as Redis;
    await within(client.ping(), REDIS_WAIT_MS, 'answer a ping');
    return { client, owned: false };
  }
  const { Redis } = await import('ioredis');
  const options = {
    lazyConnect: true,
    connectTimeout: REDIS_WAIT_MS,
    // BullMQ's workers block on their connection, so commands wait for a reconnect rather than fail;
    // the engine bounds its own waits instead.
    maxRetriesPerRequest: null,
  };
  const client =
    typeof connection === 'string'
      ? new Redis(connection, options)
      : new Redis({ ...connection, ...options });
  // Without a listener ioredis prints every failed reconnect; the failures reach callers as rejections.
  let lastError: unknown;
  client.on('error', (error) => {
    lastError = error;
  });
  try {
    await within(
      client.connect().then(() => client.ping()),
      REDIS_WAIT_MS,
      'connect and answer a ping',
    );
  } catch (error) {
    client.disconnect();
    // connect() rejects with a bare "Connection is closed."; why (refused, unknown host) came as an event.
    throw lastError ?? error;
  }
  return { client, owned: true };
}

/** Closes a connection the engine opened, politely when Redis answers and at once when it does not. */
export async function closeRedis({ client, owned }: OpenedRedis): Promise<void> {
  if (!owned) return;
  await within(client.quit(), REDIS_WAIT_MS, 'close the connection').catch(() => client.disconnect());
}
