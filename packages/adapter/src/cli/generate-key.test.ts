import { beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, runCli } from '../../test/cli-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { parseSecretKeys } from '../crypto/secret-key.js';

beforeAll(assertCliBuilt);

describe('smtp-settings generate-key', () => {
  it('prints one new key in the format secretKey takes, and nothing else', async () => {
    const { status, stdout, stderr } = await runCli(['generate-key']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    const key = stdout.trim();
    expect(parseSecretKeys(key)[0]).toHaveLength(32);
    const box = createSecretBox(key);
    expect(
      box.open(box.seal('hunter2', { tenant: 'acme', field: 'password' }), {
        tenant: 'acme',
        field: 'password',
      }),
    ).toBe('hunter2');
  });

  it('prints a different key every time', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => runCli(['generate-key'])));
    expect(new Set(keys.map(({ stdout }) => stdout)).size).toBe(3);
  });

  it('explains itself with --help, and refuses arguments it does not take', async () => {
    const help = await runCli(['generate-key', '--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: smtp-settings generate-key/);
    const wrong = await runCli(['generate-key', '--bits', '128']);
    expect(wrong).toMatchObject({ status: 2, stdout: '' });
    expect(wrong.stderr).toBe(
      'smtp-settings generate-key: unknown option --bits\nRun it with --help to see its options.\n',
    );
  });
});

describe('smtp-settings', () => {
  it('lists its commands with --help, and on standard error with exit status 2 without a command', async () => {
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['generate-key', 'rotate-keys', 'test', 'send']) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    const bare = await runCli([]);
    expect(bare).toMatchObject({ status: 2, stdout: '', stderr: help.stdout });
  });

  it('names an unknown command in one line, but never echoes what does not look like one', async () => {
    const typo = await runCli(['rotate-key']);
    expect(typo).toMatchObject({ status: 2, stdout: '' });
    expect(typo.stderr).toBe(
      'smtp-settings: unknown command "rotate-key"; the commands are generate-key, rotate-keys, test, send\n',
    );
    const pasted = await runCli(['Pa55-word!never-echo']);
    expect(pasted.status).toBe(2);
    expect(pasted.stderr).not.toContain('never-echo');
  });

  it('never echoes the value of an option it refuses', async () => {
    const { status, stdout, stderr } = await runCli([
      'test',
      '--password=Pa55-word!never-echo',
      '--sqlite',
      'x',
    ]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'smtp-settings test: unknown option --password\nRun it with --help to see its options.\n',
    );
    const flag = await runCli(['rotate-keys', '--dry-run=Pa55-word!never-echo']);
    expect(flag.stderr).toBe(
      'smtp-settings rotate-keys: option --dry-run takes no value\nRun it with --help to see its options.\n',
    );
  });
});
