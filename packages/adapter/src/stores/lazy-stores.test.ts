import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWatchingPackages } from '../../test/loaded-modules.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../test/postgres-fixture.js';
import { type SmtpServerFixture, startSmtpServer } from '../../test/smtp-server-fixture.js';
import type { StoreHostStore } from '../../test/store-host.js';

const HOST = new URL('../../test/store-host.ts', import.meta.url);
const USER = 'mailer@example.com';
const PASSWORD = 'lazy-Pa55word';
/** Packages a host that keeps its settings in PostgreSQL and sends with Basic settings must not load: the SQLite driver and the unused providers' libraries. */
const NOT_LOADED_BY_A_POSTGRES_HOST = ['better-sqlite3', '@azure/msal-node', 'google-auth-library'];
/** Makes CommonJS resolution of better-sqlite3 fail as it does where the package is not installed. */
const WITHOUT_BETTER_SQLITE3 = `data:text/javascript,${encodeURIComponent(`
import Module from 'node:module';
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'better-sqlite3') throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
`)}`;

describe('stores load when used', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'none',
      users: { [USER]: PASSWORD },
      allowInsecureAuth: true,
    });
  });
  afterAll(() => server.close());

  /** Runs the host of `store-host.ts` in a fresh process; answers what it did and the packages it loaded. */
  async function runHost(store: StoreHostStore, execArgv: string[] = []) {
    const { output, packages } = await runWatchingPackages(HOST, {
      args: [JSON.stringify({ store, smtpPort: server.port, password: PASSWORD })],
      execArgv,
    });
    return { did: JSON.parse(output), packages };
  }

  it('a PostgreSQL host saves, reads and sends without loading better-sqlite3 or a provider library', {
    timeout: 60_000,
  }, async () => {
    const schema = testSchemaName();
    try {
      const { did, packages } = await runHost({
        kind: 'postgres',
        connectionString: TEST_DATABASE_URL,
        schema,
      });
      expect(did).toEqual({
        saved: 200,
        read: { version: 1, host: '127.0.0.1' },
        accepted: ['qa-lead@example.com'],
      });
      // The watch sees both kinds of module: pg and nodemailer are CommonJS, hono and valibot ES modules.
      expect(packages).toEqual(expect.arrayContaining(['hono', 'nodemailer', 'pg', 'valibot']));
      expect(packages.filter((name) => NOT_LOADED_BY_A_POSTGRES_HOST.includes(name))).toEqual([]);
    } finally {
      await dropTestSchema(schema);
    }
  });

  it('a SQLite host loads better-sqlite3 when it creates the store', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-lazy-'));
    try {
      const { did, packages } = await runHost({ kind: 'sqlite', filename: join(dir, 'settings.db') });
      expect(did).toMatchObject({ saved: 200, accepted: ['qa-lead@example.com'] });
      expect(packages).toContain('better-sqlite3');
      expect(packages).not.toContain('pg');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a SQLite host without better-sqlite3 is told to install it when it creates the store', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-lazy-'));
    try {
      const host = runHost({ kind: 'sqlite', filename: join(dir, 'settings.db') }, [
        '--import',
        WITHOUT_BETTER_SQLITE3,
      ]);
      await expect(host).rejects.toThrow(
        'sqliteStore({ filename }) needs the `better-sqlite3` package; install it (npm install better-sqlite3)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
