import { describe, expect, it } from 'vitest';
import { assertInstalled, requireInstalled } from './optional-peer.js';

const MISSING = 'smtp-settings-package-that-is-not-installed';

describe('assertInstalled', () => {
  it('passes for an installed package', () => {
    expect(() => assertInstalled('pg', 'pg is missing')).not.toThrow();
  });

  it('throws the given message at once for a package that is not installed', () => {
    expect(() => assertInstalled(MISSING, `install ${MISSING}`)).toThrow(`install ${MISSING}`);
  });
});

describe('requireInstalled', () => {
  it('loads an installed CommonJS package', () => {
    const Database = requireInstalled<unknown>('better-sqlite3', 'better-sqlite3 is missing');
    expect(Database).toBeTypeOf('function');
  });

  it('throws the given message for a package that is not installed', () => {
    expect(() => requireInstalled(MISSING, `install ${MISSING}`)).toThrow(`install ${MISSING}`);
  });
});
