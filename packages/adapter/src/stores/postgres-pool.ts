import { assertInstalled } from './optional-peer.js';

/** What a query answers; the store reads only these two fields of `pg`'s `QueryResult`. */
export interface PostgresQueryResult<R = unknown> {
  /** The rows, one object per row keyed by column name. */
  rows: R[];
  /** How many rows the statement returned or changed, `null` for statements without a count. */
  rowCount: number | null;
}

/** A connection checked out of a pool, which the store holds for one migration transaction. */
export interface PostgresPoolClient {
  /** Runs one statement with `$1`-style parameters. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** Gives the connection back, or discards it when passed an error. */
  release(error?: Error | boolean): void;
}

/**
 * The part of a `pg` pool the store uses, written out here so a host's type check never needs
 * `@types/pg` when it does not use PostgreSQL; a `pg.Pool` fits it as it is.
 */
export interface PostgresPool {
  /** Runs one statement with `$1`-style parameters on any free connection. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** Checks out one connection, for statements that must share a transaction. */
  connect(): Promise<PostgresPoolClient>;
}

/** A pool that also takes `pg`'s query config, as `pg`'s pools do: with `name`, a statement prepared once per connection. */
export interface PreparingPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<PostgresQueryResult>;
}

/** A pool the store opened itself and ends on `close()`. */
export interface OwnedPostgresPool extends PostgresPool {
  /** Closes every connection of the pool. */
  end(): Promise<void>;
}

const MISSING_PG =
  'smtp-settings: postgresStore({ connectionString }) needs the `pg` package; install it (npm install pg) or pass your own { pool }';

/** Throws, naming the package, when `pg` is missing: called when the store is created, long before `openPool`. */
export function assertPgInstalled(): void {
  assertInstalled('pg', MISSING_PG);
}

/** Imports `pg` only now: it is an optional peer dependency, needed only for a connection string. */
export async function loadPg(): Promise<typeof import('pg')> {
  try {
    return await import('pg');
  } catch (error) {
    throw new Error(MISSING_PG, { cause: error });
  }
}

/** Opens a pool with `pg` for a connection string. */
export async function openPool(connectionString: string): Promise<OwnedPostgresPool> {
  const pg = await loadPg();
  const pool = new pg.Pool({ connectionString });
  // An idle connection the server drops would otherwise crash the process; the pool replaces it on next use.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs one statement for the store once its tables are ready, rejecting with `PostgresStoreError` that
 * names `operation`; the rows are what the statement selects, which its caller names as `R`.
 */
export type PostgresQuery = <R = unknown>(
  operation: string,
  text: string,
  values: unknown[],
) => Promise<PostgresQueryResult<R>>;
