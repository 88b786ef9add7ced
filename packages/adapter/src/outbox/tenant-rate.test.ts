import { describe, expect, it } from 'vitest';
import { createTenantRates } from './tenant-rate.js';

const MINUTE = 60_000;

describe('createTenantRates', () => {
  it('lets a tenant start its rate per window, and says when the next slot frees', () => {
    const rates = createTenantRates(
      (tenant) => (tenant === 'm365' ? { messages: 3, perMs: MINUTE } : undefined),
      () => {},
    );
    for (const at of [0, 1_000, 2_000]) {
      expect(rates.nextFreeAt('m365', at)).toBeUndefined();
      rates.take('m365', at);
    }
    expect(rates.nextFreeAt('m365', 2_000)).toBe(MINUTE);
    expect(rates.limited(2_000)).toEqual(['m365']);
    expect(rates.nextRelease(2_000)).toBe(MINUTE);
    // The window slides: the first start leaves it, one slot frees.
    expect(rates.nextFreeAt('m365', MINUTE)).toBeUndefined();
    expect(rates.limited(MINUTE)).toEqual([]);
  });

  it('keeps nothing for tenants without a rate, or once their window passed', () => {
    const warnings: string[] = [];
    const rates = createTenantRates(
      (tenant) =>
        tenant === 'broken'
          ? { messages: 0, perMs: MINUTE }
          : tenant === 'm365'
            ? { messages: 1, perMs: MINUTE }
            : undefined,
      (message) => warnings.push(message),
    );
    rates.take('free', 0);
    rates.take('broken', 0);
    rates.take('broken', 0);
    expect(rates.nextFreeAt('free', 0)).toBeUndefined();
    expect(rates.nextFreeAt('broken', 0)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    rates.take('m365', 0);
    expect(rates.limited(0)).toEqual(['m365']);
    expect(rates.limited(MINUTE)).toEqual([]);
    expect(rates.nextRelease(MINUTE)).toBeUndefined();
  });
});
