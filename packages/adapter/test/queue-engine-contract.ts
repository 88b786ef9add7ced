/**
 * The contract every {@link QueueEngine} passes (pg-boss, BullMQ), run against the real engine: turns are
 * handed out once, at their time, within the concurrency; a tenant has one waiting turn; periodic tasks
 * run once per period across instances.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineHandlers, PeriodicTask, QueueEngine } from '../src/outbox/queue-engine.js';

/** What a contract run needs: engines sharing one fresh queue (each call another instance of the same queue). */
export interface QueueEngineUnderTest {
  /** A new engine instance on this test's queue; several calls in one test share it, as instances of one host do. */
  instance(): QueueEngine;
  /** Removes whatever backs the queue (a schema, Redis keys), after every instance stopped. */
  cleanup?: () => Promise<void>;
}

/** How long a turn asked for now may take to be served, at most: engines poll, and the machine may be busy. */
const SERVED_WITHIN_MS = 5_000;

/** Polls `check` until it holds or `withinMs` passed. */
async function eventually(check: () => boolean, withinMs = SERVED_WITHIN_MS): Promise<void> {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('the condition did not hold in time');
    await sleep(20);
  }
}

/** Records the turns an instance served, and can keep a turn going until told. */
function recorder() {
  const served: { tenant: string; at: number }[] = [];
  let active = 0;
  let mostActive = 0;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const handlers = (tasks: readonly PeriodicTask[] = []): EngineHandlers => ({
    async serve(tenant) {
      served.push({ tenant, at: Date.now() });
      active += 1;
      mostActive = Math.max(mostActive, active);
      await gate;
      active -= 1;
    },
    tasks,
  });
  return {
    served,
    handlers,
    mostActive: () => mostActive,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open?.();
      gate = undefined;
    },
  };
}

/**
 * Runs the engine contract.
 *
 * @example
 * runQueueEngineContract('pg-boss', async () => ({ instance: () => pgBossEngine({ ... }), cleanup }));
 */
export function runQueueEngineContract(name: string, setup: () => Promise<QueueEngineUnderTest>): void {
  describe(`${name} queue engine contract`, () => {
    let started: QueueEngine[] = [];
    let current: QueueEngineUnderTest | undefined;

    async function start(
      handlers: EngineHandlers,
      concurrency = 4,
      under?: QueueEngineUnderTest,
    ): Promise<QueueEngine> {
      current ??= under ?? (await setup());
      const engine = current.instance();
      started.push(engine);
      await engine.start(handlers, { concurrency });
      return engine;
    }

    afterEach(async () => {
      await Promise.all(started.map((engine) => engine.stop()));
      started = [];
      await current?.cleanup?.();
      current = undefined;
    });

    it('serves a turn asked for now, once', async () => {
      const log = recorder();
      const engine = await start(log.handlers());
      await engine.requestTurn('acme');
      await eventually(() => log.served.length === 1);
      await sleep(300);
      expect(log.served.map(({ tenant }) => tenant)).toEqual(['acme']);
    });

    it('serves a turn asked for by an instance that only asks (never started), and that instance stops', async () => {
      const log = recorder();
      await start(log.handlers());
      const asking = (current as QueueEngineUnderTest).instance();
      try {
        await asking.requestTurn('acme');
        await eventually(() => log.served.length === 1);
      } finally {
        await asking.stop();
      }
      expect(log.served.map(({ tenant }) => tenant)).toEqual(['acme']);
    });

    it("tells a turn whether another tenant's turn waits, not counting the tenant's own", async () => {
      const log = recorder();
      log.hold();
      const engine = await start(log.handlers(), 1);
      await engine.requestTurn('acme');
      await eventually(() => log.served.length === 1);
      expect(await engine.othersWaiting?.('acme')).toBe(false);
      await engine.requestTurn('acme');
      expect(await engine.othersWaiting?.('acme')).toBe(false);
      await engine.requestTurn('globex');
      expect(await engine.othersWaiting?.('acme')).toBe(true);
      log.release();
      await eventually(() => log.served.some(({ tenant }) => tenant === 'globex'));
    });

    it('keeps one waiting turn per tenant, however often it is asked for', async () => {
      const log = recorder();
      const engine = await start(log.handlers());
      const soon = new Date(Date.now() + 600);
      await Promise.all(Array.from({ length: 10 }, () => engine.requestTurn('acme', soon)));
      await engine.requestTurn('globex', soon);
      await eventually(() => log.served.length >= 2);
      await sleep(400);
      expect(log.served.map(({ tenant }) => tenant).sort()).toEqual(['acme', 'globex']);
    });

    it('serves a turn asked for later not before its time, and sooner when asked for sooner', async () => {
      const log = recorder();
      const engine = await start(log.handlers());
      const asked = Date.now();
      await engine.requestTurn('acme', new Date(asked + 1_000));
      // Asking again for later must not postpone the waiting turn.
      await engine.requestTurn('acme', new Date(asked + 60_000));
      await engine.requestTurn('globex', new Date(asked + 60_000));
      await eventually(() => log.served.length === 1);
      expect(log.served[0]?.tenant).toBe('acme');
      expect(log.served[0]?.at).toBeGreaterThanOrEqual(asked + 1_000 - 50);
      await sleep(200);
      expect(log.served).toHaveLength(1);
      await engine.requestTurn('globex');
      await eventually(() => log.served.length === 2);
      expect(log.served[1]?.tenant).toBe('globex');
    });

    it('serves a turn asked for while the tenant is being served, once that turn is asked for again', async () => {
      const log = recorder();
      log.hold();
      const engine = await start(log.handlers());
      await engine.requestTurn('acme');
      await eventually(() => log.served.length === 1);
      log.release();
      await sleep(100);
      await engine.requestTurn('acme');
      await eventually(() => log.served.length === 2);
    });

    it('serves the next turn a turn asks for while it is being served, as a turn that leaves mail does', async () => {
      let engine: QueueEngine | undefined;
      const served: string[] = [];
      engine = await start({
        async serve(tenant) {
          served.push(tenant);
          // The first turn leaves mail: it asks for the next while the engine still counts it as served.
          if (served.length === 1) await engine?.requestTurn(tenant);
        },
        tasks: [],
      });
      await engine.requestTurn('acme');
      await eventually(() => served.length === 2);
      await sleep(300);
      expect(served).toEqual(['acme', 'acme']);
    });

    it('serves at most `concurrency` turns at once in one instance', async () => {
      const log = recorder();
      log.hold();
      const engine = await start(log.handlers(), 2);
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((tenant) => engine.requestTurn(tenant)));
      await eventually(() => log.served.length === 2);
      await sleep(500);
      expect(log.served).toHaveLength(2);
      log.release();
      await eventually(() => log.served.length === 5);
      expect(log.mostActive()).toBe(2);
    });

    it('hands each turn to one instance of several', async () => {
      const one = recorder();
      const two = recorder();
      const first = await start(one.handlers());
      await start(two.handlers());
      const tenants = Array.from({ length: 40 }, (_, index) => `tenant-${index}`);
      for (const tenant of tenants) await first.requestTurn(tenant);
      await eventually(() => one.served.length + two.served.length >= tenants.length);
      await sleep(500);
      const all = [...one.served, ...two.served].map(({ tenant }) => tenant).sort();
      expect(all).toEqual([...tenants].sort());
    });

    it('runs a periodic task about once a period across instances, not once per instance', async () => {
      let runs = 0;
      const task: PeriodicTask = {
        name: 'reconcile',
        periodMs: 1_000,
        run: async () => {
          runs += 1;
        },
      };
      const began = Date.now();
      await start(recorder().handlers([task]));
      await start(recorder().handlers([task]));
      await start(recorder().handlers([task]));
      await sleep(4_500);
      const periods = (Date.now() - began) / task.periodMs;
      expect(runs).toBeGreaterThanOrEqual(2);
      expect(runs).toBeLessThanOrEqual(Math.ceil(periods) + 1);
    });

    it('waits for turns being served when it stops, and serves no more after', async () => {
      const log = recorder();
      log.hold();
      const engine = await start(log.handlers());
      await engine.requestTurn('acme');
      await eventually(() => log.served.length === 1);
      let stopped = false;
      const stopping = engine.stop().then(() => {
        stopped = true;
      });
      await sleep(200);
      expect(stopped).toBe(false);
      log.release();
      await stopping;
      started = started.filter((each) => each !== engine);
      // Turns asked for through another instance now all go to that one.
      const other = recorder();
      const second = await start(other.handlers());
      for (const tenant of ['globex', 'initech', 'umbrella']) await second.requestTurn(tenant);
      await eventually(() => other.served.length === 3);
      expect(log.served).toHaveLength(1);
    });
  });
}
