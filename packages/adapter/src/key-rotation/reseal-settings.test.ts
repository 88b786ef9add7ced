import { describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { openSettings, rotateRefreshToken } from '../settings/record-secrets.js';
import { loadSealedRecord } from '../settings/sealed-record.js';
import { memoryStore } from '../stores/memory-store.js';
import { resealSettings } from './reseal-settings.js';

const OLD = newSecretKey();
const NEW = newSecretKey();
const before = createSecretBox(OLD);
const after = createSecretBox([NEW, OLD]);
const clock = () => new Date('2026-12-07T10:00:00.000Z');

/** Saves Microsoft settings for `tenant` sealed with the old key, as the host did before the rotation. */
async function saveOAuth(store: ReturnType<typeof memoryStore>, tenant: string) {
  const seal = (field: string, value: string) => before.seal(value, { tenant, field });
  await store.put(
    tenant,
    {
      settings: {
        authType: 'oauth',
        provider: 'microsoft',
        clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        tenantId: 'contoso.onmicrosoft.com',
        clientSecret: seal('clientSecret', 'client-secret-1'),
        refreshToken: seal('refreshToken', 'refresh-token-1'),
        fromEmail: 'notifications@contoso.com',
        connection: { scopes: ['SMTP.Send'], obtainedAt: '2026-12-01T00:00:00.000Z' },
      },
      updatedAt: '2026-12-01T00:00:00.000Z',
      updatedBy: 'admin',
      changedFields: ['clientSecret', 'refreshToken'],
    },
    0,
  );
}

describe('resealSettings', () => {
  it('reads the record again when the mailer rotated the refresh token after it was read, and keeps the new token', async () => {
    const store = memoryStore();
    await saveOAuth(store, 'acme');
    // The mailer, still on the old key, saves a token the provider rotated between our read and our write.
    let rotated = false;
    const racing = Object.create(store) as typeof store;
    racing.get = async (tenant) => {
      const record = await store.get(tenant);
      if (!rotated && record) {
        rotated = true;
        const rotation = {
          tenant,
          version: record.version,
          refreshToken: 'refresh-token-2',
          at: clock(),
          actor: 'mailer',
        };
        await rotateRefreshToken(store, before, rotation);
      }
      return record;
    };

    const counts = await resealSettings({ store: racing, secrets: after, clock, actor: 'ops' });
    expect(counts).toEqual({ seen: 1, resealed: 1, current: 0, unreadable: 0 });
    const record = await loadSealedRecord(store, 'acme');
    if (!record) throw new Error('the settings are gone');
    expect(record).toMatchObject({ version: 1, revision: 3 });
    // Only the new key is needed now, and the rotated token survived.
    expect(openSettings(record, createSecretBox(NEW), 'acme')).toMatchObject({
      clientSecret: 'client-secret-1',
      refreshToken: 'refresh-token-2',
    });
    expect((await store.audit('acme')).map(({ action }) => action)).toEqual(['reseal', 'rotation', 'save']);
  });

  it('counts without writing on a dry run', async () => {
    const store = memoryStore();
    await saveOAuth(store, 'acme');
    await saveOAuth(store, 'globex');
    const counts = await resealSettings({ store, secrets: after, clock, actor: 'ops', dryRun: true });
    expect(counts).toEqual({ seen: 2, resealed: 2, current: 0, unreadable: 0 });
    expect(await store.getRevision('acme')).toBe(1);
    expect(await store.getRevision('globex')).toBe(1);
  });
});
