import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { createLocalScheduler } from './local-scheduler.js';

describe('createLocalScheduler', () => {
  it('runs each task on its period, never two runs of a task at once, and no more once stopped', async () => {
    let runs = 0;
    let concurrent = 0;
    let peak = 0;
    const scheduler = createLocalScheduler([
      {
        name: 'slow',
        periodMs: 5,
        async run() {
          runs += 1;
          concurrent += 1;
          peak = Math.max(peak, concurrent);
          await sleep(20);
          concurrent -= 1;
        },
      },
    ]);
    scheduler.start();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    await scheduler.stop(1_000);
    // stop waited for the run under way.
    expect(concurrent).toBe(0);
    const stoppedAt = runs;
    await sleep(50);
    expect(runs).toBe(stoppedAt);
    expect(peak).toBe(1);
  });

  it('resolves stop after its timeout when a run does not end', async () => {
    const scheduler = createLocalScheduler([
      { name: 'stuck', periodMs: 5, run: () => new Promise<void>(() => undefined) },
    ]);
    scheduler.start();
    await sleep(20);
    await expect(scheduler.stop(50)).resolves.toBeUndefined();
  });
});
