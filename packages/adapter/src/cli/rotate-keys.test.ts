import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import {
  assertCliBuilt,
  CLI_STORE_KINDS,
  type CliStore,
  leakedIntoCli,
  runCli,
  spawnCli,
} from '../../test/cli-fixture.js';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.js';
import { createOutbox } from '../outbox/create-outbox.js';
import { openMessage } from '../outbox/stored-message.js';
import { openSettings } from '../settings/record-secrets.js';
import { loadSealedRecord } from '../settings/sealed-record.js';
import { openSqliteFile } from '../stores/sqlite-driver.js';

const OLD = newSecretKey();
const NEW = newSecretKey();
const UNKNOWN = newSecretKey();
const KEYS = { SMTP_SETTINGS_KEY: `${NEW},${OLD}` };
const PLAIN = {
  password: 'rotate-Pa55word-never-echo',
  clientSecret: 'rotate-client~Secret-never-echo',
  refreshToken: 'rotate-0.ARefresh-never-echo',
};
const SUBJECT = 'Quarterly numbers, never-echo subject';

beforeAll(assertCliBuilt);
afterAll(() => {
  expect(leakedIntoCli([...Object.values(PLAIN), OLD, NEW, UNKNOWN, SUBJECT])).toEqual([]);
});

/** Basic settings sealed with `box`, a password only when given one. */
function basic(box: SecretBox, tenant: string, password: string | undefined) {
  return {
    authType: 'basic',
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls',
    username: `mailer@${tenant}.example`,
    fromEmail: `notifications@${tenant}.example`,
    ...(password !== undefined && { password: box.seal(password, { tenant, field: 'password' }) }),
  };
}

/** Microsoft settings with a client secret and a refresh token sealed with `box`. */
function microsoft(box: SecretBox, tenant: string) {
  return {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    tenantId: 'contoso.onmicrosoft.com',
    clientSecret: box.seal(PLAIN.clientSecret, { tenant, field: 'clientSecret' }),
    refreshToken: box.seal(PLAIN.refreshToken, { tenant, field: 'refreshToken' }),
    fromEmail: 'notifications@contoso.com',
    connection: {
      account: 'notifications@contoso.com',
      scopes: ['SMTP.Send'],
      obtainedAt: '2026-12-01T00:00:00.000Z',
    },
  };
}

async function save(cli: CliStore, tenant: string, settings: Record<string, unknown>) {
  const write = { settings, updatedAt: '2026-12-01T00:00:00.000Z', updatedBy: 'admin', changedFields: [] };
  await cli.store.put(tenant, write, 0);
}

describe.each(CLI_STORE_KINDS)('smtp-settings rotate-keys on the $kind store', ({ open }) => {
  let cli: CliStore;
  const oldBox = createSecretBox(OLD);
  const newOnly = createSecretBox(NEW);

  beforeEach(() => {
    cli = open();
  });
  afterEach(() => cli.cleanup());

  /** The four tenants of a host that used the old key (one of them with nothing sealed). */
  async function seedOldKey() {
    await save(cli, 'acme', basic(oldBox, 'acme', PLAIN.password));
    await save(cli, 'globex', microsoft(oldBox, 'globex'));
    await save(cli, 'initech', basic(oldBox, 'initech', undefined));
    await save(cli, 'umbrella', basic(oldBox, 'umbrella', `${PLAIN.password}-umbrella`));
  }

  /** The tenant's settings opened with the new key alone: they are all it needs now. */
  async function openedWithNewKey(tenant: string) {
    const record = await loadSealedRecord(cli.store, tenant);
    if (!record) throw new Error(`nothing saved for ${tenant}`);
    return { record, plain: openSettings(record, newOnly, tenant) };
  }

  it('re-seals every tenant’s secrets with the primary key and counts them; a rerun finds them all current', async () => {
    await seedOldKey();
    const first = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(first.stdout.split('\n')[0]).toBe(
      'Settings: 4 tenants seen, 3 re-sealed, 1 already current, 0 unreadable',
    );
    expect(first).toMatchObject({ status: 0, stderr: '' });

    expect((await openedWithNewKey('acme')).plain).toMatchObject({ password: PLAIN.password });
    const globex = await openedWithNewKey('globex');
    expect(globex.plain).toMatchObject({
      clientSecret: PLAIN.clientSecret,
      refreshToken: PLAIN.refreshToken,
    });
    // Nothing an admin edits changed: the version and the OAuth connection are as they were.
    expect(globex.record).toMatchObject({
      version: 1,
      revision: 2,
      settings: { connection: microsoft(oldBox, 'globex').connection },
    });
    const [entry] = await cli.store.audit('globex');
    expect(entry).toMatchObject({
      action: 'reseal',
      version: 1,
      actor: expect.stringContaining('smtp-settings CLI'),
    });
    expect([...(entry?.changedFields ?? [])].sort()).toEqual(['clientSecret', 'refreshToken']);
    expect((await cli.store.audit('initech')).map(({ action }) => action)).toEqual(['save']);

    const again = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(again.stdout.split('\n')[0]).toBe(
      'Settings: 4 tenants seen, 0 re-sealed, 4 already current, 0 unreadable',
    );
    expect(await cli.store.getRevision('acme')).toBe(2);
  });

  it('finishes what an interrupted run left, and only that', async () => {
    await seedOldKey();
    // What a run stopped after its first two tenants leaves: those under the new key, the rest under the old.
    const newFirst = createSecretBox([NEW, OLD]);
    await cli.store.put(
      'zeta',
      {
        settings: basic(newFirst, 'zeta', PLAIN.password),
        updatedAt: '2026-12-01T00:00:00.000Z',
        updatedBy: 'admin',
        changedFields: [],
      },
      0,
    );
    const acme = await loadSealedRecord(cli.store, 'acme');
    const at = '2026-12-07T00:00:00.000Z';
    const password = newFirst.seal(PLAIN.password, { tenant: 'acme', field: 'password' });
    expect(
      await cli.store.resealSecrets('acme', { sealed: { password }, at, actor: 'ops' }, acme?.revision ?? 0),
    ).toBe(2);

    const run = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toBe(
      'Settings: 5 tenants seen, 2 re-sealed, 3 already current, 0 unreadable',
    );
    expect(await cli.store.getRevision('acme')).toBe(2);
    for (const tenant of ['acme', 'globex', 'umbrella', 'zeta']) await openedWithNewKey(tenant);
  });

  it('leaves a tenant it cannot open as it is, names it, and exits with 1', async () => {
    await seedOldKey();
    await save(cli, 'hooli', basic(createSecretBox(UNKNOWN), 'hooli', PLAIN.password));
    const run = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'Settings: 5 tenants seen, 3 re-sealed, 1 already current, 1 unreadable',
    );
    expect(run.stderr).toMatch(
      /^smtp-settings rotate-keys: tenant "hooli": The stored password cannot be decrypted: it was sealed with a key that is no longer configured \(key id [\w-]+\); add that key back to secretKey after the current one\.\n$/,
    );
    expect(await cli.store.getRevision('hooli')).toBe(1);
  });

  it('counts without writing on a dry run', async () => {
    await seedOldKey();
    const run = await runCli(['rotate-keys', '--dry-run', ...cli.args], { env: KEYS });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toBe(
      'Settings: 4 tenants seen, 3 to re-seal, 1 already current, 0 unreadable',
    );
    for (const tenant of ['acme', 'globex', 'initech', 'umbrella']) {
      expect(await cli.store.getRevision(tenant)).toBe(1);
    }
  });

  it('says so when the store holds no settings, as a mistyped schema or file would', async () => {
    const run = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'Settings: 0 tenants seen, 0 re-sealed, 0 already current, 0 unreadable',
    );
    expect(run.stderr).toBe(
      'smtp-settings rotate-keys: the store holds no settings: is it the one the host uses?\n',
    );
  });

  it('re-seals the content of the messages the outbox keeps, which then open with the new key alone', async () => {
    await seedOldKey();
    const outbox = createOutbox({ store: cli.store, secretKey: OLD });
    const message = { to: 'qa-lead@example.com', subject: SUBJECT, text: `${SUBJECT}: body` };
    const queued = [
      await outbox.enqueue(message, { tenant: 'acme' }),
      await outbox.enqueue(message, { tenant: 'globex' }),
    ];
    await outbox.stop();

    const run = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.split('\n')[1]).toBe(
      'Outbox: 2 messages seen, 2 re-sealed, 0 already current, 0 unreadable',
    );
    const contents = (await cli.store.listSealedContents?.(undefined, 10)) ?? [];
    expect(contents.map(({ id }) => id)).toEqual(queued.map(({ id }) => id));
    for (const { id, tenant, content } of contents) {
      expect(openMessage(newOnly, tenant, id, content)).toMatchObject({
        subject: SUBJECT,
        text: message.text,
      });
    }

    const again = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(again.stdout.split('\n')[1]).toBe(
      'Outbox: 2 messages seen, 0 re-sealed, 2 already current, 0 unreadable',
    );
  });
});

describe('smtp-settings rotate-keys, stopped mid-way', () => {
  const [sqlite] = CLI_STORE_KINDS;
  let cli: CliStore;
  const TENANTS = 3000;

  beforeEach(async () => {
    cli = (sqlite as (typeof CLI_STORE_KINDS)[number]).open();
    const oldBox = createSecretBox(OLD);
    // One transaction of the test's own, as thousands of saves one by one would each wait for the disk.
    await cli.store.put(
      'tenant-00000',
      {
        settings: basic(oldBox, 'tenant-00000', PLAIN.password),
        updatedAt: '2026-12-01T00:00:00.000Z',
        updatedBy: 'admin',
        changedFields: [],
      },
      0,
    );
    insertTenants(cli.args[1] as string, oldBox, TENANTS - 1);
  });
  afterEach(() => cli.cleanup());

  it('leaves every record whole when killed, and a rerun re-seals exactly the rest', async () => {
    const child = spawnCli(['rotate-keys', ...cli.args], { env: KEYS });
    const killed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('1000 tenants so far')) child.kill('SIGKILL');
    });
    expect(await killed).toBe('SIGKILL');

    const rerun = await runCli(['rotate-keys', ...cli.args], { env: KEYS });
    expect(rerun).toMatchObject({ status: 0 });
    const [, seen, resealed, current, unreadable] =
      /^Settings: (\d+) tenants seen, (\d+) re-sealed, (\d+) already current, (\d+) unreadable$/m.exec(
        rerun.stdout,
      ) ?? [];
    expect(Number(seen)).toBe(TENANTS);
    expect(Number(unreadable)).toBe(0);
    // The killed run had finished at least its first thousand; the rerun did the rest, none twice.
    expect(Number(current)).toBeGreaterThanOrEqual(1000);
    expect(Number(resealed)).toBeGreaterThan(0);
    expect(Number(resealed) + Number(current)).toBe(TENANTS);

    // Every secret is under the new key now: with it alone, nothing is left to re-seal or unreadable.
    const newOnly = await runCli(['rotate-keys', ...cli.args], { env: { SMTP_SETTINGS_KEY: NEW } });
    expect(newOnly.stdout.split('\n')[0]).toBe(
      `Settings: ${TENANTS} tenants seen, 0 re-sealed, ${TENANTS} already current, 0 unreadable`,
    );
  }, 60_000);
});

/** Adds `count` tenants with Basic settings sealed with `box`, in one transaction on the file. */
function insertTenants(filename: string, box: SecretBox, count: number): void {
  const db = openSqliteFile(filename, {});
  try {
    const insert = db.prepare(
      `INSERT INTO smtp_settings (tenant, version, revision, settings, updated_at, updated_by)
       VALUES (?, 1, 1, ?, '2026-12-01T00:00:00.000Z', 'admin')`,
    );
    db.transaction(() => {
      for (let n = 1; n <= count; n++) {
        const tenant = `tenant-${String(n).padStart(5, '0')}`;
        insert.run(tenant, JSON.stringify(basic(box, tenant, PLAIN.password)));
      }
    })();
  } finally {
    db.close();
  }
}
