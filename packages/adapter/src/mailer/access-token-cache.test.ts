import { describe, expect, it, vi } from 'vitest';
import type { MintedAccessToken } from '../providers/provider.js';
import { createAccessTokenCache } from './access-token-cache.js';

const KEY = { tenant: 'acme', version: 1 };

function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms), now: () => now };
}

/** A mint that counts its calls and resolves only when told to. */
function controlledMint(lifetimeMs: number, now: () => number) {
  let calls = 0;
  const releases: Array<() => void> = [];
  const mint = vi.fn(
    () =>
      new Promise<MintedAccessToken>((resolve) => {
        calls += 1;
        const token = { accessToken: `token-${calls}`, expiresAt: new Date(now() + lifetimeMs) };
        releases.push(() => resolve(token));
      }),
  );
  return { mint, release: () => releases.shift()?.() };
}

describe('createAccessTokenCache', () => {
  it('mints once for concurrent callers and reuses the token while it is fresh', async () => {
    const time = fakeClock();
    const cache = createAccessTokenCache({ clock: time.clock });
    const { mint, release } = controlledMint(3600_000, time.now);

    const waiting = Array.from({ length: 20 }, () => cache.get(KEY, mint));
    release();
    const tokens = await Promise.all(waiting);

    expect(mint).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['token-1']));
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-1');
    expect(mint).toHaveBeenCalledTimes(1);
  });

  it('renews a token 60 s before it expires, once for all callers', async () => {
    const time = fakeClock();
    const cache = createAccessTokenCache({ clock: time.clock });
    const { mint, release } = controlledMint(3600_000, time.now);
    const first = cache.get(KEY, mint);
    release();
    await first;

    time.advance(3600_000 - 61_000);
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-1');
    time.advance(2_000);
    const renewing = Array.from({ length: 10 }, () => cache.get(KEY, mint));
    release();
    expect((await Promise.all(renewing)).map((token) => token.accessToken)).toEqual(
      Array(10).fill('token-2'),
    );
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('mints anew after invalidate, but only when the refused token is still the cached one', async () => {
    const time = fakeClock();
    const cache = createAccessTokenCache({ clock: time.clock });
    let n = 0;
    const mint = vi.fn(async () => ({
      accessToken: `token-${++n}`,
      expiresAt: new Date(time.now() + 3600_000),
    }));

    await cache.get(KEY, mint);
    cache.invalidate(KEY, 'token-1');
    cache.invalidate(KEY, 'token-1');
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-2');
    cache.invalidate(KEY, 'token-1');
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-2');
    cache.invalidate(KEY);
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-3');
  });

  it('keeps tokens apart per tenant and settings version', async () => {
    let n = 0;
    const mint = vi.fn(async () => ({
      accessToken: `token-${++n}`,
      expiresAt: new Date(Date.now() + 3600_000),
    }));
    const cache = createAccessTokenCache();

    await cache.get(KEY, mint);
    await cache.get({ tenant: 'other', version: 1 }, mint);
    await cache.get({ tenant: 'acme', version: 2 }, mint);
    expect(mint).toHaveBeenCalledTimes(3);
    expect((await cache.get({ tenant: 'acme', version: 2 }, mint)).accessToken).toBe('token-3');
  });

  it('does not cache a failure: the next caller tries again', async () => {
    const cache = createAccessTokenCache();
    const mint = vi
      .fn<() => Promise<MintedAccessToken>>()
      .mockRejectedValueOnce(new Error('provider down'))
      .mockResolvedValueOnce({ accessToken: 'token-ok', expiresAt: new Date(Date.now() + 3600_000) });

    const failed = await Promise.allSettled([cache.get(KEY, mint), cache.get(KEY, mint)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-ok');
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('reports a rotated refresh token before handing out the token, and keeps the token under its key', async () => {
    const events: string[] = [];
    const onRefreshTokenRotated = vi.fn(async (key: typeof KEY, refreshToken: string) => {
      events.push(`rotated ${key.version} ${refreshToken}`);
    });
    const cache = createAccessTokenCache({ onRefreshTokenRotated });
    const mint = vi.fn(async () => ({
      accessToken: 'token-1',
      expiresAt: new Date(Date.now() + 3600_000),
      refreshToken: 'refresh-2',
    }));

    await cache.get(KEY, mint).then(() => events.push('token'));
    expect(events).toEqual(['rotated 1 refresh-2', 'token']);
    expect((await cache.get(KEY, mint)).accessToken).toBe('token-1');
    expect(mint).toHaveBeenCalledTimes(1);
  });
});
