/**
 * What the outbox asks of a queue engine that several instances share (pg-boss on PostgreSQL, BullMQ on
 * Redis). The messages stay in the delivery log, which is the record; the engine hands out **turns**: which
 * tenant an instance serves next, and when. A turn sends a few of the tenant's due messages and asks for
 * the tenant's next turn, which goes to the back of the line, so tenants take turns however many messages
 * each has. Two turns of one tenant never send at once: the log's turn lease sees to that (see
 * `DeliveryStore.takeTurn`), so an engine that hands out a turn twice costs a lookup, never a duplicate.
 */
export interface QueueEngine {
  /** For logs: `pg-boss`, `bullmq`. */
  readonly name: string;
  /**
   * Connects and starts handing out turns to `handlers.serve`, at most `concurrency` at once in this
   * process, and running `handlers.tasks` on their periods. Rejects, within a bounded time, when the
   * engine cannot be reached.
   */
  start(handlers: EngineHandlers, options: { concurrency: number }): Promise<void>;
  /**
   * Asks for a turn of `tenant` at `at` (at once when omitted or past). A tenant has at most one turn
   * waiting: asking again for an earlier time moves it sooner; for a later one changes nothing. While a turn
   * of the tenant is being served, the request may be dropped: the turn asks for the next one when it ends.
   */
  requestTurn(tenant: string, at?: Date): Promise<void>;
  /**
   * Whether a turn of a tenant other than `tenant` is due and waits to be served; a turn goes on past its
   * time while none does. Optional: without it, every turn ends on time.
   */
  othersWaiting?(tenant: string): Promise<boolean>;
  /** Stops taking turns, waits for those being served (they end by themselves), and disconnects. */
  stop(): Promise<void>;
}

/** What the engine calls. */
export interface EngineHandlers {
  /** Serves a turn of `tenant`; never rejects (a turn that fails is logged and asked for again by the reconciler). */
  serve(tenant: string): Promise<void>;
  /**
   * Work run about once every `periodMs` **across all instances** (not once per instance): an instance
   * that dies mid-run leaves the next period to another.
   */
  tasks: readonly PeriodicTask[];
}

/** Periodic work of the outbox: the reconciler, maintenance, health checks. */
export interface PeriodicTask {
  /** Unique among the tasks, `[a-z-]+`: the engine's job or scheduler name. */
  name: string;
  /** How often, in ms. */
  periodMs: number;
  /** The work; never rejects. */
  run(): Promise<void>;
}
