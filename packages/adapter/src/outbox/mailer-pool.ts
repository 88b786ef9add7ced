import type { Mailer } from '../mailer/create-mailer.js';

/** Options of {@link createMailerPool}. */
export interface MailerPoolOptions {
  /** Makes a tenant's mailer. */
  create: (tenant: string) => Mailer;
  /** At most this many mailers at once. */
  capacity: number;
  /** At most this many sends in flight per mailer: with the mailer's pool, its open connections. */
  perMailer: number;
  /** A mailer without sends for this long is closed, in ms. */
  idleMs: number;
  /** Current time. */
  clock: () => Date;
  /** Told when closing a mailer failed; the pool goes on. */
  onCloseError: (tenant: string, error: unknown) => void;
}

/** Per-tenant mailers in a bounded LRU, so the process's open SMTP connections stay under a cap. */
export interface MailerPool {
  /** A send slot on the tenant's mailer, made (evicting the least recently used idle one) when needed; `undefined` when none is free. */
  acquire(tenant: string): Mailer | undefined;
  /** Gives back a slot that `acquire` gave; with `close`, also closes the mailer if no other send uses it (one made for a health check). */
  release(tenant: string, options?: { close?: boolean }): void;
  /** Whether the tenant has a mailer. */
  has(tenant: string): boolean;
  /** How many tenants without a mailer could get one now: the pool's room, and its idle mailers, which would be closed. */
  admissible(): number;
  /** The tenants that have a mailer. */
  tenants(): string[];
  /** Whether the tenant's mailer had its turn (100 sends, or 30 s since it was made), so it should make room for a waiting tenant. */
  hadTurn(tenant: string): boolean;
  /** Closes the mailers idle for `idleMs`. */
  closeIdle(): void;
  /** Closes every mailer; each finishes the sends it has first. */
  close(): Promise<void>;
}

interface Entry {
  mailer: Mailer;
  /** Sends in flight. */
  active: number;
  /** Sends it was given. */
  sends: number;
  /** When it was made, epoch ms. */
  madeAt: number;
  /** When its last send ended (or it was made), epoch ms. */
  lastUsed: number;
}

// A turn of nodemailer's connection life (100 messages), or half a minute for a slow server.
const TURN_SENDS = 100;
const TURN_MS = 30_000;

/**
 * Creates the pool of per-tenant mailers. A mailer opens at most `perMailer` connections when it is given
 * at most that many sends at once, so `capacity × perMailer` bounds the open connections; a mailer is
 * closed when it was idle for `idleMs` or when an idle one must make room, and only then.
 *
 * @example
 * const pool = createMailerPool({ create: (tenant) => createMailer({ config, tenant }), capacity: 4, perMailer: 5, idleMs: 30_000, clock, onCloseError });
 */
export function createMailerPool(options: MailerPoolOptions): MailerPool {
  const { create, capacity, perMailer, idleMs, clock, onCloseError } = options;
  // Map order is the LRU order: a used entry moves to the end.
  const entries = new Map<string, Entry>();

  function closeEntry(tenant: string, entry: Entry): Promise<void> {
    entries.delete(tenant);
    return entry.mailer.close().catch((error: unknown) => onCloseError(tenant, error));
  }

  function idleEntry(): [string, Entry] | undefined {
    for (const pair of entries) if (pair[1].active === 0) return pair;
    return undefined;
  }

  return {
    acquire(tenant) {
      let entry = entries.get(tenant);
      if (entry) {
        if (entry.active >= perMailer) return undefined;
        entries.delete(tenant);
      } else {
        if (entries.size >= capacity) {
          const idle = idleEntry();
          if (!idle) return undefined;
          void closeEntry(...idle);
        }
        const now = clock().getTime();
        entry = { mailer: create(tenant), active: 0, sends: 0, madeAt: now, lastUsed: now };
      }
      entry.active += 1;
      entry.sends += 1;
      entries.set(tenant, entry);
      return entry.mailer;
    },

    release(tenant, { close = false } = {}) {
      const entry = entries.get(tenant);
      if (!entry) return;
      entry.active -= 1;
      entry.lastUsed = clock().getTime();
      if (close && entry.active === 0) void closeEntry(tenant, entry);
    },

    has: (tenant) => entries.has(tenant),

    admissible() {
      let idle = 0;
      for (const entry of entries.values()) if (entry.active === 0) idle += 1;
      return capacity - entries.size + idle;
    },

    tenants: () => [...entries.keys()],

    hadTurn(tenant) {
      const entry = entries.get(tenant);
      return (
        entry !== undefined && (entry.sends >= TURN_SENDS || clock().getTime() - entry.madeAt >= TURN_MS)
      );
    },

    closeIdle() {
      const before = clock().getTime() - idleMs;
      for (const [tenant, entry] of [...entries]) {
        if (entry.active === 0 && entry.lastUsed <= before) void closeEntry(tenant, entry);
      }
    },

    async close() {
      await Promise.all([...entries].map(([tenant, entry]) => closeEntry(tenant, entry)));
    },
  };
}
