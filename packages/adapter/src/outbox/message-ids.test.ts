import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveSettings } from '../../test/outbox-fixture.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { memoryStore } from '../stores/memory-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import { createOutbox } from './create-outbox.js';

const SERVER = { host: '127.0.0.1', port: 1 };
const MESSAGE = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Dana changed step 3.',
};
const domainOf = (messageId: string) => messageId.slice(messageId.indexOf('@') + 1, -1);

const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

describe('the Message-ID domain of an enqueued message', () => {
  it("follows a save by another process's store at the very next enqueue", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-message-ids-'));
    closing.push(() => rmSync(dir, { recursive: true, force: true }));
    const filename = join(dir, 'smtp-settings.db');
    const secretKey = randomBytes(32).toString('base64');
    const store = sqliteStore({ filename });
    const admin = sqliteStore({ filename });
    closing.push(
      () => store.close(),
      () => admin.close(),
    );
    const outbox = createOutbox({ config: createSmtpConfig({ store, secretKey }) });
    const adminConfig = createSmtpConfig({ store: admin, secretKey });

    expect(domainOf((await outbox.enqueue(MESSAGE, { tenant: 'acme' })).messageId)).toBe(
      'smtp-settings.localhost',
    );
    await saveSettings(adminConfig, 'acme', SERVER, { fromEmail: 'notify@acme.example' });
    expect(domainOf((await outbox.enqueue(MESSAGE, { tenant: 'acme' })).messageId)).toBe('acme.example');
    expect(domainOf((await outbox.enqueue(MESSAGE, { tenant: 'acme' })).messageId)).toBe('acme.example');
    await saveSettings(adminConfig, 'acme', SERVER, { fromEmail: 'mail@acme-renamed.example' });
    expect(domainOf((await outbox.enqueue(MESSAGE, { tenant: 'acme' })).messageId)).toBe(
      'acme-renamed.example',
    );
  });

  it('is read once per settings revision, and the revision once for the enqueues waiting together', async () => {
    const store = memoryStore();
    const config = createSmtpConfig({ store, secretKey: randomBytes(32).toString('base64') });
    await saveSettings(config, 'acme', SERVER, { fromEmail: 'notify@acme.example' });
    await saveSettings(config, 'globex', SERVER, { fromEmail: 'notify@globex.example' });
    const outbox = createOutbox({ config });
    const reads = vi.spyOn(store, 'get');
    const revisionReads = vi.spyOn(store, 'getRevision');

    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, n) => outbox.enqueue(MESSAGE, { tenant: n % 2 ? 'globex' : 'acme' })),
    );
    expect(burst.map(({ messageId }) => domainOf(messageId))).toEqual(
      Array.from({ length: 40 }, (_, n) => (n % 2 ? 'globex.example' : 'acme.example')),
    );
    expect(reads.mock.calls.map(([tenant]) => tenant).sort()).toEqual(['acme', 'globex']);
    // One read under way and one waiting behind it, per tenant.
    expect(revisionReads.mock.calls.length).toBeLessThanOrEqual(4);

    await saveSettings(config, 'acme', SERVER, { fromEmail: 'notify@acme-renamed.example' });
    reads.mockClear();
    const [acme, globex] = await Promise.all([
      outbox.enqueue(MESSAGE, { tenant: 'acme' }),
      outbox.enqueue(MESSAGE, { tenant: 'globex' }),
    ]);
    expect(domainOf(acme?.messageId ?? '')).toBe('acme-renamed.example');
    expect(domainOf(globex?.messageId ?? '')).toBe('globex.example');
    expect(reads.mock.calls.map(([tenant]) => tenant)).toEqual(['acme']);
  });
});
