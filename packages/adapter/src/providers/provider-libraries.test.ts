import { describe, expect, it } from 'vitest';
import { runWatchingPackages } from '../../test/loaded-modules.js';

const CHILD = new URL('../../test/provider-library-loads.ts', import.meta.url);

describe('provider libraries', () => {
  it('load only when their provider is first used, in a fresh process', { timeout: 60_000 }, async () => {
    const steps = JSON.parse((await runWatchingPackages(CHILD)).output);
    // Importing the adapter, and Test, Save and a mailer's send with Basic settings, load neither library.
    expect(steps.imported).toEqual({ ok: true, libraries: [] });
    expect(steps.basic).toEqual({ ok: true, libraries: [] });
    // Google settings load google-auth-library for their tokens, and still not MSAL.
    expect(steps.google).toEqual({ ok: true, libraries: ['google-auth-library'] });
    // Microsoft settings load MSAL: the watch sees a library as soon as it is used.
    expect(steps.microsoft).toEqual({ ok: true, libraries: ['@azure/msal-node', 'google-auth-library'] });
  });
});
