import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./test-setup.mjs', import.meta.url));
let dir: string;
let database: Server;
let databaseUrl: string;

/** Runs the setup with nothing on PATH but `dir` (so no apt-get: it never installs here) and the given variables. */
function setup(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [script], {
    env: { PATH: dir, SMTP_SETTINGS_TEST_DATABASE_URL: databaseUrl, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'test-setup-'));
  // Something listening stands in for PostgreSQL: the setup only checks that the port answers.
  database = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => database.listen(0, '127.0.0.1', resolve));
  const { port } = database.address() as { port: number };
  databaseUrl = `postgres://postgres@127.0.0.1:${port}/test`;
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/test-setup.mjs', () => {
  it('stops with one line per browser saying what to install and which variable to set', () => {
    const { status, stdout, stderr } = setup({});
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'The tests need Chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.',
      'The tests need Firefox: install it (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH to its executable.',
    ]);
  });

  it('is a silent no-op when the browsers are on PATH and the database answers', () => {
    for (const name of ['chromium', 'firefox-esr']) {
      writeFileSync(join(dir, name), '#!/bin/sh\n');
      chmodSync(join(dir, name), 0o755);
    }
    expect(setup({})).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('says where PostgreSQL was looked for when nothing answers there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const { status, stderr } = setup({
      SMTP_SETTINGS_TEST_DATABASE_URL: `postgres://x@127.0.0.1:${port}/test`,
    });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      `Nothing answers at 127.0.0.1:${port}, where SMTP_SETTINGS_TEST_DATABASE_URL points: start that PostgreSQL.`,
    );
  });
});
