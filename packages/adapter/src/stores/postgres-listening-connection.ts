import {
  loadPg,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from './postgres-pool.js';

/** A connection the PostgreSQL store keeps apart from its queries, to `LISTEN` on. */
export interface ListeningConnection {
  /** Runs one statement on this connection. */
  query(text: string): Promise<PostgresQueryResult>;
  /** Resolves once the connection failed or ended, whoever ended it. */
  readonly lost: Promise<void>;
  /** Calls `listener` with the channel and payload of each notification from now on. */
  onNotification(listener: (channel: string, payload: string) => void): void;
  /** Whether to let go of it although it works: the host is ending the pool it came from. */
  unwanted(): boolean;
  /** Closes it (one from a pool is discarded, never given back for reuse). */
  close(): Promise<void>;
}

/** What the store needs of a `pg` client to listen on it; a host's pool may hand out clients without it. */
interface ListenableClient {
  query(text: string): Promise<PostgresQueryResult>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: () => void): unknown;
}

/** The `application_name` of the store's own listening connection, which `pg_stat_activity` shows. */
export const LISTENER_APPLICATION_NAME = 'smtp-settings notifications';

/**
 * Opens a connection of its own for `connectionString` (the `pg` package is checked for when the store is
 * created), giving up after `timeoutMs`.
 */
export async function openListeningConnection(
  connectionString: string,
  timeoutMs: number,
): Promise<ListeningConnection> {
  const pg = await loadPg();
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    // A connection string's own application_name wins over this one.
    application_name: LISTENER_APPLICATION_NAME,
  });
  const connection = held(client, () => client.end());
  try {
    await client.connect();
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}

/**
 * Checks one connection out of a host's pool for good, or answers `undefined` when that pool cannot give
 * one to listen on: it is ending, it has room for one connection only (which the store's queries need),
 * or its connections cannot tell of notifications. The wait for a free connection is bounded by the caller.
 */
export async function holdPoolConnection(pool: PostgresPool): Promise<ListeningConnection | undefined> {
  if (isEnding(pool) || maxConnections(pool) < 2) return undefined;
  const client = await pool.connect();
  if (!isListenable(client)) {
    client.release();
    return undefined;
  }
  // A listening connection never goes back into the pool: it would go on hearing this schema's writes.
  return held(
    client,
    async () => client.release(true),
    () => isEnding(pool),
  );
}

/** Wraps a client: from now on its errors are handled (unhandled, one would crash the process). */
function held(
  client: ListenableClient,
  end: () => Promise<void>,
  unwanted: () => boolean = () => false,
): ListeningConnection {
  let markLost = (): void => undefined;
  const lost = new Promise<void>((resolve) => {
    markLost = resolve;
  });
  let notify = (_channel: string, _payload: string): void => undefined;
  client.on('error', () => markLost());
  client.on('end', () => markLost());
  client.on('notification', ({ channel, payload }) => notify(channel, payload ?? ''));
  let closing: Promise<void> | undefined;
  return {
    query: (text) => client.query(text),
    lost,
    onNotification(listener) {
      notify = listener;
    },
    unwanted,
    close() {
      markLost();
      closing ??= end().catch(() => undefined);
      return closing;
    },
  };
}

function isListenable(client: PostgresPoolClient): client is PostgresPoolClient & ListenableClient {
  return typeof (client as { on?: unknown }).on === 'function';
}

/** The most connections a `pg` pool opens (`max`, 10 unless set); unknown for another kind of pool. */
function maxConnections(pool: PostgresPool): number {
  const max = (pool as { options?: { max?: unknown } }).options?.max;
  return typeof max === 'number' ? max : Number.POSITIVE_INFINITY;
}

/** Whether a `pg` pool is being ended (`pool.end()`), after which it gives out no connection. */
function isEnding(pool: PostgresPool): boolean {
  const { ending, ended } = pool as { ending?: unknown; ended?: unknown };
  return ending === true || ended === true;
}
