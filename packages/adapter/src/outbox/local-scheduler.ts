import { setTimeout as sleep } from 'node:timers/promises';
import type { PeriodicTask } from './queue-engine.js';

/** Runs periodic tasks in this process, for an outbox without a queue engine. */
export interface LocalScheduler {
  /** Starts each task's timer; does nothing while they run. */
  start(): void;
  /** Stops the timers and resolves once the runs under way ended, or after `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Creates the embedded outbox's scheduler: each task runs every `periodMs` on an unref'd timer (so it
 * never keeps the process alive), and a run still under way when the next is due is not doubled. One
 * process is the only instance, so "once per period across all instances" holds.
 *
 * @example
 * const scheduler = createLocalScheduler(tasks);
 * scheduler.start();
 * await scheduler.stop(30_000);
 */
export function createLocalScheduler(tasks: readonly PeriodicTask[]): LocalScheduler {
  let timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();

  function runOnce(task: PeriodicTask): void {
    if (running.has(task.name)) return;
    const run = task.run().finally(() => running.delete(task.name));
    running.set(task.name, run);
  }

  return {
    start() {
      if (timers.length > 0) return;
      timers = tasks.map((task) => setInterval(runOnce, task.periodMs, task).unref());
    },

    async stop(timeoutMs) {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      if (running.size === 0) return;
      const timeout = new AbortController();
      await Promise.race([
        Promise.allSettled([...running.values()]),
        sleep(timeoutMs, undefined, { ref: false, signal: timeout.signal }).catch(() => undefined),
      ]);
      timeout.abort();
    },
  };
}
