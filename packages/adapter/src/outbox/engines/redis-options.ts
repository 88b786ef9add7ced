// No import of ioredis here: a host's type check of these options never needs its types.

/** Where Redis is: its address (ioredis options: `host`, `port`, `password`, `tls`, …). */
export interface RedisAddress {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 6379. */
  port?: number;
  /** For Redis ACLs. */
  username?: string;
  /** The password (`AUTH`). */
  password?: string;
  /** The database number, default 0. */
  db?: number;
  /** TLS options for `tls.connect`, or `{}` for TLS with the defaults. */
  tls?: object;
}

/**
 * The part of an ioredis client the engine checks for, written out so a host's type check never needs
 * ioredis's types; an ioredis `Redis` fits it as it is.
 */
export interface RedisClientLike {
  /** Opens a second connection with the same options (BullMQ's workers block on one). */
  duplicate(): unknown;
  /** Answers `PONG`. */
  ping(): Promise<string>;
}

/** How the engine reaches Redis: an address, a `redis://` URL, or a client the host owns (and closes). */
export type RedisConnection = RedisAddress | string | RedisClientLike;
