// The servers the tests talk to: PostgreSQL (the store and outbox suites) and Redis (kept running for the
// queue engines to come). Starts them when they are installed and down, as `.ci/run` used to.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, waitFor, which } from './system.mjs';

/** Where the tests find PostgreSQL unless `SMTP_SETTINGS_TEST_DATABASE_URL` says otherwise. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Whether something accepts TCP connections on `host`:`port` within a second. */
export function listening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host, timeout: 1000 });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** The host and port of the test database, from `SMTP_SETTINGS_TEST_DATABASE_URL` or the default. */
export function databaseTarget(env = process.env) {
  const url = new URL(env.SMTP_SETTINGS_TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    custom: Boolean(env.SMTP_SETTINGS_TEST_DATABASE_URL),
  };
}

/** One line saying what the tests need from PostgreSQL, for when it is neither up nor startable here. */
export function missingPostgres(env = process.env) {
  const { host, port, custom } = databaseTarget(env);
  if (custom)
    return `Nothing answers at ${host}:${port}, where SMTP_SETTINGS_TEST_DATABASE_URL points: start that PostgreSQL.`;
  return 'The tests need PostgreSQL on 127.0.0.1:5432 with a database `test` that user postgres may use without a password: install and start it (Debian: apt-get install -y postgresql) or set SMTP_SETTINGS_TEST_DATABASE_URL.';
}

/** The newest Debian PostgreSQL cluster version (`/etc/postgresql/15`), or undefined when there is none. */
export function postgresVersion() {
  if (!existsSync('/etc/postgresql') || !which('pg_ctlcluster')) return undefined;
  return readdirSync('/etc/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
}

/** Starts Debian's PostgreSQL cluster `main` and waits for it to listen; false when it does not. */
export function startPostgres(version) {
  console.log(`Starting PostgreSQL ${version}…`);
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
  return waitFor(() => listening(5432));
}

/**
 * Prepares a PostgreSQL this setup has just installed for the tests: user postgres may connect over
 * loopback without a password (Debian asks for one there), and the database `test` exists. It never
 * touches a PostgreSQL that was there before.
 */
export function preparePostgres(version) {
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  const trust = 'host test postgres 127.0.0.1/32 trust\nhost test postgres ::1/128 trust\n';
  writeFileSync(hba, trust + readFileSync(hba, 'utf8'));
  return (
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'reload']) &&
    run('runuser', ['-u', 'postgres', '--', 'createdb', 'test'])
  );
}

/** Starts a Redis that keeps nothing on disk, when one is installed; false when none is or it does not listen. */
export async function startRedis() {
  if (!which('redis-server')) return false;
  console.log('Starting Redis…');
  // A folder any user may write, since nothing in it has to last.
  const dir = join(tmpdir(), 'smtp-settings-redis');
  mkdirSync(dir, { recursive: true });
  // biome-ignore format: the flags read as pairs
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--logfile', join(dir, 'redis.log')]);
  return waitFor(() => listening(6379));
}
