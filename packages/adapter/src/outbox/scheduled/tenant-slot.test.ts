import { describe, expect, it } from 'vitest';
import { currentSlot, SLOTS, slotOf } from './tenant-slot.js';

describe('slotOf', () => {
  it('spreads 10,000 tenants evenly over the 60 slots of a period', () => {
    const counts = new Array<number>(SLOTS).fill(0);
    for (let index = 0; index < 10_000; index += 1) {
      const slot = slotOf(`tenant-${index}`);
      counts[slot] = (counts[slot] ?? 0) + 1;
    }
    // 166.7 a slot on average; a hash that clusters (or leaves slots empty) falls outside five deviations.
    expect(Math.min(...counts)).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBeLessThan(235);
  });

  it('gives a tenant the same slot every time', () => {
    expect(slotOf('acme')).toBe(slotOf('acme'));
    expect(slotOf('acme')).toBeGreaterThanOrEqual(0);
    expect(slotOf('acme')).toBeLessThan(SLOTS);
  });
});

describe('currentSlot', () => {
  it('passes through every slot once per period, one slot long each', () => {
    const periodMs = 3_600_000;
    const start = Date.parse('2026-12-06T12:00:00.000Z');
    const seen = Array.from({ length: SLOTS }, (_, minute) =>
      currentSlot(start + minute * 60_000 + 30_000, periodMs),
    );
    expect(new Set(seen).size).toBe(SLOTS);
    expect(currentSlot(start + periodMs + 30_000, periodMs)).toBe(seen[0]);
  });
});
