import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';

/**
 * The token lapse marks of {@link memoryStore}: the lapse each tenant was last warned of, in process memory.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...memoryTokenLapseMarks() };
 * ```
 */
export function memoryTokenLapseMarks(): TokenLapseMarks {
  const warned = new Map<string, string>();
  return {
    async markTokenLapse(tenant, lapsesAt) {
      if (warned.get(tenant) === lapsesAt) return false;
      warned.set(tenant, lapsesAt);
      return true;
    },
  };
}
