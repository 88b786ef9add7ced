import { describe, expect, it } from 'vitest';
import { assertInstalled } from './optional-peer.js';

describe('assertInstalled', () => {
  it('passes for an installed package', () => {
    expect(() => assertInstalled('pg', 'pg is missing')).not.toThrow();
  });

  it('throws the given message at once for a package that is not installed', () => {
    const missing = 'smtp-settings-package-that-is-not-installed';
    expect(() => assertInstalled(missing, `install ${missing}`)).toThrow(`install ${missing}`);
  });
});
