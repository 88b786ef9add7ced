import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { capturingLogger, newSecretKey, STORE_KINDS } from '../../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer } from '../../test/smtp-server-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer, type Mailer } from './create-mailer.js';

const USER = 'mailer@example.com';
const PASSWORD = 'reads-Pa55word';
const REFUSED = 'nobody@example.com';

describe.each(STORE_KINDS)('the mailer on the $kind store', ({ open }) => {
  let server: SmtpServerFixture;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'none',
      users: { [USER]: PASSWORD },
      allowInsecureAuth: true,
      rejectRecipient: { address: REFUSED, reply: '550 5.1.1 No such user here' },
    });
  });
  afterAll(() => server.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Saves Basic settings for the test server as the settings routes would, as the version after `version`. */
  async function save(store: SettingsStore, secretKey: string, version: number, fromName: string) {
    const password = createSecretBox(secretKey).seal(PASSWORD, { tenant: 'default', field: 'password' });
    const settings = {
      authType: 'basic',
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      username: USER,
      password,
      fromEmail: 'notifications@example.com',
      fromName,
    };
    const write = { settings, updatedAt: new Date().toISOString(), updatedBy: 'admin', changedFields: [] };
    await store.put('default', write, version);
  }

  /** A store with Basic settings saved, and a new mailer on it (which reads nothing yet) that the test's cleanup closes. */
  async function mailerOnSaved() {
    const { store, cleanup } = open();
    cleanups.push(cleanup);
    const secretKey = newSecretKey();
    await save(store, secretKey, 0, 'Example App');
    const mailer: Mailer = createMailer({
      store,
      secretKey,
      logger: capturingLogger,
      retry: { attempts: 1 },
    });
    cleanups.push(() => mailer.close());
    return { store, secretKey, mailer };
  }

  it('reads only the revision for each send, and the whole record once after each save', async () => {
    const { store, secretKey, mailer } = await mailerOnSaved();
    const reads = { record: vi.spyOn(store, 'get'), revision: vi.spyOn(store, 'getRevision') };
    const send = (to = 'qa-lead@example.com') => mailer.send({ to, subject: 'Test case TC-42', text: 'x' });

    for (let n = 0; n < 5; n += 1) await send();
    expect(reads.revision).toHaveBeenCalledTimes(5);
    expect(reads.record).toHaveBeenCalledTimes(1);

    // A failure is reported to the health tracker from what the mailer holds, without another read.
    await expect(send(REFUSED)).rejects.toMatchObject({ code: 'RECIPIENT_REJECTED' });
    expect(await mailer.checkHealth()).toMatchObject({ ok: true, tokenHealth: null });
    expect(reads.revision).toHaveBeenCalledTimes(7);
    expect(reads.record).toHaveBeenCalledTimes(1);

    await save(store, secretKey, 1, 'Example Alerts');
    await send();
    await send();
    expect(reads.revision).toHaveBeenCalledTimes(9);
    expect(reads.record).toHaveBeenCalledTimes(2);
    expect(server.messages.at(-1)?.raw).toMatch(/^From: Example Alerts <notifications@example\.com>$/m);
  });

  it('reads the record once for sends that start together', async () => {
    const { store, mailer } = await mailerOnSaved();
    const record = vi.spyOn(store, 'get');
    const send = () => mailer.send({ to: 'qa-lead@example.com', subject: 'Test case TC-43', text: 'x' });

    // A new mailer's first five sends, as an outbox turn starts them.
    await Promise.all(Array.from({ length: 5 }, send));
    expect(record).toHaveBeenCalledTimes(1);

    expect(server.messages.at(-1)?.raw).toMatch(/^From: Example App <notifications@example\.com>$/m);
  });

  it('reads the record again for a send that saw a save the shared read started before', async () => {
    let opened = () => {};
    const gate = new Promise<void>((resolve) => {
      opened = resolve;
    });
    let started = () => {};
    const firstRead = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { store, secretKey, mailer } = await mailerOnSaved();
    const read = store.get.bind(store);
    const record = vi.spyOn(store, 'get').mockImplementationOnce(async (tenant) => {
      const old = await read(tenant);
      started();
      await gate;
      return old;
    });
    const send = (subject: string) => mailer.send({ to: 'qa-lead@example.com', subject, text: 'x' });

    const before = send('Before the save');
    await firstRead;
    await save(store, secretKey, 1, 'Example Alerts');
    const revision = vi.spyOn(store, 'getRevision');
    const after = send('After the save');
    // Open the first read only once this send read the new revision and waits for a record.
    await vi.waitFor(() => expect(revision).toHaveBeenCalled());
    await revision.mock.results[0]?.value;
    await new Promise((resolve) => setImmediate(resolve));
    opened();
    await Promise.all([before, after]);
    expect(record).toHaveBeenCalledTimes(2);
    const sent = server.messages.find(({ raw }) => raw.includes('Subject: After the save'));
    expect(sent?.raw).toMatch(/^From: Example Alerts <notifications@example\.com>$/m);
  });
});
