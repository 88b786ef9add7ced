import { keepNewest } from '../newest-entries.js';
import { notificationChannel, parseNotice } from './postgres-channel.js';
import type { ListeningConnection } from './postgres-listening-connection.js';

/** Answers tenants' revisions from memory while PostgreSQL notifications keep it current. */
export interface RevisionCache {
  /**
   * The tenant's current revision: from memory when it is known to be current, else from `read` (a query).
   * The first call starts listening.
   */
  revision(tenant: string, read: (tenant: string) => Promise<number>): Promise<number>;
  /** Takes in a revision this process wrote, so its own next read sees it before the notification comes. */
  wrote(tenant: string, revision: number): void;
  /** Stops listening and reconnecting, and closes the connection. */
  close(): Promise<void>;
}

/** How long the cache waits for what, in milliseconds; tests shorten them. */
export interface RevisionCacheTiming {
  /** For a connection: opened, or checked out of a host's pool. */
  connectTimeoutMs: number;
  /** For `LISTEN`, and for each check of the connection. */
  queryTimeoutMs: number;
  /** Between checks that the connection still answers and listens, which a silently dropped network never tells. */
  checkEveryMs: number;
  /** Before the first attempt to listen again after a failure; each failure in a row doubles it. */
  firstRetryMs: number;
  /** The longest wait between attempts. */
  longestRetryMs: number;
  /** For the connection to close on `close()`. */
  closeTimeoutMs: number;
}

/** Options of {@link createRevisionCache}. */
export interface RevisionCacheOptions {
  /** The schema whose writes' channel it listens on. */
  schema: string;
  /** Opens a connection to listen on, or answers `undefined` when none can be had, and then it never listens. */
  connect: () => Promise<ListeningConnection | undefined>;
  /** Overrides of {@link DEFAULT_TIMING}. */
  timing?: Partial<RevisionCacheTiming>;
}

/** The cache's waits: a lost connection costs queries until it listens again, never a stale answer. */
export const DEFAULT_TIMING: RevisionCacheTiming = {
  connectTimeoutMs: 10_000,
  queryTimeoutMs: 5_000,
  checkEveryMs: 10_000,
  firstRetryMs: 250,
  longestRetryMs: 30_000,
  closeTimeoutMs: 2_000,
};

/** How many tenants' revisions are kept; the one kept longest makes room for a new one. */
const MAX_TENANTS = 10_000;

/** Reads of one tenant's revision under way, and the highest revision heard of while they are. */
interface Fill {
  reads: number;
  heard: number;
  /** The query they share: sends that start together ask once. */
  read: Promise<number>;
}

type State = 'idle' | 'connecting' | 'listening' | 'waiting' | 'unavailable';

/**
 * Creates a revision cache for a PostgreSQL schema whose writes are announced with `NOTIFY` (the store's
 * trigger). A revision is answered from memory only while the cache listens and has read it since it began
 * to: every write committed after that is announced, so the cache is behind only by a notification's way
 * (usually well under a millisecond). The first read of a tenant after `LISTEN` is confirmed goes to the
 * database; notifications (and this process's own writes) raise what it read, never lower it. When the
 * connection fails, ends, or stops answering a check, every tenant is forgotten at once, reads go to the
 * database, and the cache listens again after a backoff.
 *
 * @example
 * ```ts
 * const revisions = createRevisionCache({ schema, connect: () => holdPoolConnection(pool) });
 * const revision = await revisions.revision(tenant, readRevision);
 * ```
 */
export function createRevisionCache({ schema, connect, timing }: RevisionCacheOptions): RevisionCache {
  const waits = { ...DEFAULT_TIMING, ...timing };
  const channel = notificationChannel(schema);
  const known = new Map<string, number>();
  const filling = new Map<string, Fill>();
  // Moves whenever `known` is forgotten, so a read that started before cannot fill it after.
  let epoch = 0;
  let state: State = 'idle';
  let closed = false;
  let connection: ListeningConnection | undefined;
  let opening: ListeningConnection | undefined;
  let attempt: Promise<void> | undefined;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function forget(): void {
    epoch += 1;
    known.clear();
    filling.clear();
  }

  function raise(tenant: string, revision: number): void {
    const kept = known.get(tenant);
    if (kept !== undefined && revision > kept) known.set(tenant, revision);
    const fill = filling.get(tenant);
    if (fill !== undefined && revision > fill.heard) fill.heard = revision;
  }

  function hear(from: string, payload: string): void {
    if (from !== channel) return;
    const notice = parseNotice(payload);
    if (notice === 'every tenant') forget();
    else raise(notice.tenant, notice.revision);
  }

  async function fill(tenant: string, read: (tenant: string) => Promise<number>): Promise<number> {
    const at = epoch;
    let pending = filling.get(tenant);
    if (pending === undefined) {
      // A write committed after the shared query began is heard, as it is for a revision kept.
      pending = { reads: 0, heard: 0, read: read(tenant) };
      filling.set(tenant, pending);
    }
    pending.reads += 1;
    try {
      const revision = await pending.read;
      if (epoch !== at) return revision;
      const current = Math.max(revision, pending.heard, known.get(tenant) ?? 0);
      known.set(tenant, current);
      keepNewest(known, MAX_TENANTS);
      return current;
    } finally {
      pending.reads -= 1;
      if (pending.reads === 0 && filling.get(tenant) === pending) filling.delete(tenant);
    }
  }

  async function listen(): Promise<void> {
    state = 'connecting';
    let candidate: ListeningConnection | undefined;
    try {
      candidate = await within(waits.connectTimeoutMs, connect(), (late) => void late?.close());
      if (candidate === undefined) {
        state = 'unavailable';
        return;
      }
      opening = candidate;
      if (closed) throw new Error('closed while connecting');
      candidate.onNotification(hear);
      await within(waits.queryTimeoutMs, candidate.query(`LISTEN "${channel}"`));
      if (closed) throw new Error('closed while starting to listen');
      const listening = candidate;
      connection = listening;
      opening = undefined;
      state = 'listening';
      void listening.lost.then(() => drop(listening));
      check(listening);
    } catch {
      // Refused, timed out, ended or closed while starting: the same as a connection lost later.
      opening = undefined;
      if (candidate !== undefined) await closeWithin(candidate);
      if (!closed) retry();
    }
  }

  function retry(): void {
    state = 'waiting';
    // Half to all of the delay, so instances that lost the server together do not come back in step.
    const delay = Math.min(waits.longestRetryMs, waits.firstRetryMs * 2 ** Math.min(failures, 20));
    failures += 1;
    timer = setTimeout(
      () => {
        attempt = listen();
      },
      delay * (0.5 + Math.random() / 2),
    );
    timer.unref();
  }

  function drop(listening: ListeningConnection): void {
    if (connection !== listening) return;
    connection = undefined;
    clearTimeout(timer);
    forget();
    void closeWithin(listening);
    if (!closed) retry();
  }

  /** Checks now and then that the connection still answers and listens: a network that drops it silently never says so. */
  function check(listening: ListeningConnection): void {
    timer = setTimeout(async () => {
      if (connection !== listening) return;
      if (listening.unwanted()) {
        // The host is ending its pool, which waits for this connection: listening stops for good.
        connection = undefined;
        forget();
        state = 'unavailable';
        await closeWithin(listening);
        return;
      }
      try {
        const { rows } = await within(
          waits.queryTimeoutMs,
          listening.query(
            `SELECT count(*)::int AS n FROM pg_listening_channels() AS c WHERE c = '${channel}'`,
          ),
        );
        // Still listening, as the server sees it, or nothing said about the writes since can be trusted.
        if ((rows as Array<{ n: number }>)[0]?.n !== 1) throw new Error('not listening');
      } catch {
        drop(listening);
        return;
      }
      // Only a connection that lasted until a check ends the backoff: one the server keeps ending at once
      // (a limit on idle sessions, a proxy) is tried again ever more slowly.
      failures = 0;
      if (connection === listening) check(listening);
    }, waits.checkEveryMs);
    timer.unref();
  }

  function closeWithin(closing: ListeningConnection): Promise<void> {
    return within(waits.closeTimeoutMs, closing.close()).catch(() => undefined);
  }

  return {
    revision(tenant, read) {
      const kept = known.get(tenant);
      if (kept !== undefined) return Promise.resolve(kept);
      if (state === 'idle' && !closed) attempt = listen();
      return state === 'listening' ? fill(tenant, read) : read(tenant);
    },

    wrote: raise,

    async close() {
      if (closed) return;
      closed = true;
      state = 'unavailable';
      clearTimeout(timer);
      forget();
      const closing = [connection, opening].filter((open) => open !== undefined);
      connection = undefined;
      await Promise.all(closing.map(closeWithin));
      // An attempt still connecting sees `closed` when it gets its connection, and closes it.
      await attempt;
    },
  };
}

/** Rejects when `work` takes longer than `timeoutMs`, handing what it yields after that to `late`. */
function within<T>(timeoutMs: number, work: Promise<T>, late?: (value: T) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new Error(`No answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  work.then(
    (value) => {
      if (expired) late?.(value);
    },
    () => undefined,
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
