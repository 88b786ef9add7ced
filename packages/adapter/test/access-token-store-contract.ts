import { describe, expect, it } from 'vitest';
import type { TokenLapseMarks } from '../src/outbox/token-lapse-marks.js';
import type { AccessTokenStore, SettingsStore } from '../src/stores/store.js';
import { type Made, useStoreUnderTest } from './store-under-test.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const tokenOf = (version: number, sealed = `v1.sealed.${version}`) => ({
  version,
  sealed,
  expiresAt: at(59),
  mintedAt: at(version),
});

/**
 * The behaviour every {@link AccessTokenStore} (with its {@link TokenLapseMarks}) must show, run against a fresh store from `makeStore`.
 *
 * @example
 * ```ts
 * describeAccessTokenStoreContract('memoryStore', async () => ({ store: memoryStore() }));
 * ```
 */
export function describeAccessTokenStoreContract(
  name: string,
  makeStore: () => Promise<Made<SettingsStore & AccessTokenStore & TokenLapseMarks>>,
): void {
  describe(`${name} (access token contract)`, () => {
    const subject = useStoreUnderTest(makeStore);

    it('answers null until a token is stored, a lease alone included', async () => {
      const { store } = subject;
      expect(await store.getAccessToken('acme')).toBeNull();
      expect(await store.claimTokenRefresh('acme', 'a', at(0), at(10))).toBe(true);
      expect(await store.getAccessToken('acme')).toBeNull();
    });

    it('lets exactly one of 20 concurrent claims win, and its owner claim again', async () => {
      const { store } = subject;
      const owners = Array.from({ length: 20 }, (_, n) => `owner-${n}`);
      const won = await Promise.all(
        owners.map((owner) => store.claimTokenRefresh('acme', owner, at(0), at(10))),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = owners[won.indexOf(true)] as string;
      expect(await store.claimTokenRefresh('acme', winner, at(1), at(11))).toBe(true);
      expect(await store.claimTokenRefresh('acme', 'late', at(5), at(15))).toBe(false);
    });

    it('gives the lease to another owner once it ran out', async () => {
      const { store } = subject;
      await store.claimTokenRefresh('acme', 'dead', at(0), at(10));
      expect(await store.claimTokenRefresh('acme', 'b', at(10), at(20))).toBe(false);
      expect(await store.claimTokenRefresh('acme', 'b', at(11), at(21))).toBe(true);
      expect(await store.claimTokenRefresh('acme', 'dead', at(12), at(22))).toBe(false);
    });

    it('stores the token and ends the lease, whoever held it', async () => {
      const { store } = subject;
      await store.claimTokenRefresh('acme', 'a', at(0), at(10));
      await store.putAccessToken('acme', tokenOf(1));
      expect(await store.getAccessToken('acme')).toEqual(tokenOf(1));
      expect(await store.claimTokenRefresh('acme', 'b', at(1), at(11))).toBe(true);
      await store.putAccessToken('acme', tokenOf(1, 'v1.sealed.renewed'));
      expect(await store.getAccessToken('acme')).toEqual(tokenOf(1, 'v1.sealed.renewed'));
    });

    it('keeps a newer version’s token over an older one, and still ends the lease', async () => {
      const { store } = subject;
      await store.putAccessToken('acme', tokenOf(2));
      await store.claimTokenRefresh('acme', 'a', at(0), at(10));
      await store.putAccessToken('acme', tokenOf(1));
      expect(await store.getAccessToken('acme')).toEqual(tokenOf(2));
      expect(await store.claimTokenRefresh('acme', 'b', at(1), at(11))).toBe(true);
      await store.putAccessToken('acme', tokenOf(3));
      expect(await store.getAccessToken('acme')).toEqual(tokenOf(3));
    });

    it('releases only its own lease', async () => {
      const { store } = subject;
      await store.claimTokenRefresh('acme', 'a', at(0), at(10));
      await store.releaseTokenRefresh('acme', 'b');
      expect(await store.claimTokenRefresh('acme', 'b', at(1), at(11))).toBe(false);
      await store.releaseTokenRefresh('acme', 'a');
      expect(await store.claimTokenRefresh('acme', 'b', at(1), at(11))).toBe(true);
      await store.releaseTokenRefresh('globex', 'b');
    });

    it('marks each lapse once, for one of concurrent callers, beside the token and its lease', async () => {
      const { store } = subject;
      await store.putAccessToken('acme', tokenOf(1));
      await store.claimTokenRefresh('acme', 'a', at(0), at(10));
      const first = await Promise.all(Array.from({ length: 10 }, () => store.markTokenLapse('acme', at(30))));
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(await store.markTokenLapse('acme', at(30))).toBe(false);
      expect(await store.markTokenLapse('acme', at(40))).toBe(true);
      expect(await store.markTokenLapse('globex', at(30))).toBe(true);
      expect(await store.getAccessToken('acme')).toEqual(tokenOf(1));
      expect(await store.claimTokenRefresh('acme', 'b', at(1), at(11))).toBe(false);
      expect(await store.getAccessToken('globex')).toBeNull();
    });

    it('keeps tenants apart', async () => {
      const { store } = subject;
      await store.claimTokenRefresh('acme', 'a', at(0), at(10));
      expect(await store.claimTokenRefresh('globex', 'b', at(0), at(10))).toBe(true);
      await store.putAccessToken('globex', tokenOf(4));
      expect(await store.getAccessToken('acme')).toBeNull();
      expect(await store.claimTokenRefresh('acme', 'c', at(1), at(11))).toBe(false);
    });
  });
}
