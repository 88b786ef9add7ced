import { describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import { capturingLogger } from '../../test/outbox-fixture.js';
import { useSqliteFile } from '../../test/sqlite-file-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../logger.js';
import type { AccessTokenStore } from '../stores/store.js';
import { createSharedAccessTokens } from './shared-access-tokens.js';

const KEY = { tenant: 'acme', version: 1 };
const secrets = createSecretBox(newSecretKey());
const fresh = () => true;
let minted = 0;
const refresh = async () => ({
  accessToken: `access-Token-${++minted}`,
  expiresAt: new Date(Date.now() + 3600_000),
});

describe('createSharedAccessTokens on a SQLite file', () => {
  const file = useSqliteFile('smtp-settings-shared-tokens-');
  const shared = (store: AccessTokenStore, logger: Logger = capturingLogger(), leaseMs = 60_000) =>
    createSharedAccessTokens({ store, secrets, logger, leaseMs });

  it('refreshes in this process, and says so without the token, when the store is locked', async () => {
    const store = file.openStore({ busyTimeoutMs: 100 });
    await store.getRevision('acme');
    const logger = capturingLogger();
    await file.hold();

    const token = await shared(store, logger).obtain(KEY, fresh, refresh);
    expect(token.accessToken).toMatch(/^access-Token-/);
    expect(logger.lines).toEqual([expect.stringContaining('StoreBusyError')]);
    expect(logger.lines.join('\n')).not.toContain(token.accessToken);
  });

  it('hands the lease on at once when a refresh fails, instead of leaving the others to wait it out', async () => {
    const store = file.openStore();
    const failing = async () => {
      throw new Error('provider down');
    };
    await expect(shared(store).obtain(KEY, fresh, failing)).rejects.toThrow('provider down');

    // With the minute-long lease still held, this would wait past the test's timeout.
    const token = await shared(store).obtain(KEY, fresh, refresh);
    expect(await shared(store).obtain(KEY, fresh, failing)).toEqual(token);
  });

  it('takes no token of another settings version, nor one copied to another tenant', async () => {
    const store = file.openStore();
    const tokens = shared(store);
    const first = await tokens.obtain(KEY, fresh, refresh);
    const stored = await store.getAccessToken('acme');
    await store.putAccessToken('globex', stored as NonNullable<typeof stored>);

    const copied = await tokens.obtain({ tenant: 'globex', version: 1 }, fresh, refresh);
    const saved = await tokens.obtain({ tenant: 'acme', version: 2 }, fresh, refresh);
    expect(new Set([first.accessToken, copied.accessToken, saved.accessToken]).size).toBe(3);
  });

  it("stores the time of the mint by the clock, the refresh token's last proven use", async () => {
    const store = file.openStore();
    const clock = () => new Date('2026-03-01T08:00:00.000Z');
    await createSharedAccessTokens({
      store,
      secrets,
      logger: capturingLogger(),
      leaseMs: 60_000,
      clock,
    }).obtain(KEY, fresh, refresh);
    expect(await store.getAccessToken('acme')).toMatchObject({ mintedAt: '2026-03-01T08:00:00.000Z' });
  });
});
