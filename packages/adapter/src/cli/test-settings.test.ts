import type { TestResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, newSecretKey, SECRETS, type TestApp } from '../../test/app-fixture.js';
import {
  CLI_MAIL_USER,
  CLI_STORE_KINDS,
  type CliStore,
  runCli,
  useCliMailServer,
} from '../../test/cli-fixture.js';
import { testCertificates } from '../../test/smtp-server-fixture.js';

const KEY = newSecretKey();
const ENV = { SMTP_SETTINGS_KEY: KEY };
const mail = useCliMailServer([...Object.values(SECRETS), KEY]);

/** A Test's answer with every duration (`ms`, `elapsedMs`) set to 0, so two runs compare equal. */
const withoutTimes = (answer: unknown): unknown =>
  JSON.parse(JSON.stringify(answer), (key, value) => (key === 'ms' || key === 'elapsedMs' ? 0 : value));

/** Each stage line's name and status, as the command printed them. */
const stagesOf = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => /^ {2}\w+ +(OK|Failed|Skipped) /.test(line))
    .map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '));

describe.each(CLI_STORE_KINDS)('smtp-settings test on the $kind store', ({ open }) => {
  let cli: CliStore;
  let api: TestApp;
  const test = (args: string[] = [], env: Record<string, string> = {}) =>
    runCli(['test', ...cli.args, '--ca', mail.caFile, ...args], { env: { ...ENV, ...env } });

  beforeEach(async () => {
    cli = open();
    api = createTestApp({ store: cli.store, secretKey: KEY, smtpTls: { ca: testCertificates().ca } });
    expect((await api.call('PUT', '/settings', { body: { settings: mail.draft() } })).status).toBe(200);
  });
  afterEach(() => cli.cleanup());

  it('passes against the saved settings, printing each stage as the browser’s Test lists it', async () => {
    const run = await test();
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Testing the saved settings of tenant "default":');
    expect(stagesOf(run.stdout)).toEqual([
      'dns OK',
      'connect OK',
      'tls OK',
      'ehlo OK',
      'auth OK',
      'envelope OK',
    ]);
    expect(run.stdout).toMatch(/^ {2}auth {6}OK +\d+ ms {2}.*mailer@example\.com/m);
    expect(lines.at(-1)).toBe('The connection works.');
    expect(mail.server.logins.at(-1)).toEqual({ method: 'PLAIN', user: CLI_MAIL_USER, accepted: true });
    const [entry] = await cli.store.audit('default');
    expect(entry).toMatchObject({
      action: 'test',
      actor: expect.stringContaining('(smtp-settings CLI)'),
      test: { host: '127.0.0.1', port: mail.server.port, outcome: 'passed' },
    });
  });

  it('fails a wrong password at auth with AUTH_FAILED, the server’s reply and the hint the browser shows, exit 1', async () => {
    const browser = await api.call('POST', '/test', {
      body: { settings: mail.draft({ password: SECRETS.otherPassword }) },
    });
    const expected: TestResponse = browser.body;
    expect(expected.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });

    const run = await test([], { SMTP_SETTINGS_PASSWORD: SECRETS.otherPassword });
    expect(run).toMatchObject({ status: 1, stderr: '' });
    expect(stagesOf(run.stdout)).toEqual(['dns OK', 'connect OK', 'tls OK', 'ehlo OK', 'auth Failed']);
    const error = expected.error as NonNullable<TestResponse['error']>;
    expect(run.stdout.trimEnd().split('\n').slice(-4)).toEqual([
      'The test failed at auth: AUTH_FAILED',
      `  ${error.message}`,
      `  Server reply: ${error.serverReply}`,
      `  Hint: ${error.hint}`,
    ]);
    expect(error.hint).toBe('Check the user name and password.');

    const json = await test(['--json'], { SMTP_SETTINGS_PASSWORD: SECRETS.otherPassword });
    expect(json.status).toBe(1);
    // The same answer as the browser's, but for how long each step took.
    const { receipt: _receipt, ...browserAnswer } = expected;
    expect(withoutTimes(JSON.parse(json.stdout))).toEqual(withoutTimes(browserAnswer));
  });

  it('sends a real test message with --send-to', async () => {
    const before = mail.server.messages.length;
    const run = await test(['--send-to', 'qa-lead@example.com']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(stagesOf(run.stdout).at(-1)).toBe('send OK');
    expect(mail.server.messages.slice(before)).toEqual([
      expect.objectContaining({ to: ['qa-lead@example.com'], user: CLI_MAIL_USER }),
    ]);
  });
});

describe('smtp-settings test, given values and bad input', () => {
  const [sqlite] = CLI_STORE_KINDS;
  let cli: CliStore;
  const test = (args: string[], { env = {}, stdin }: { env?: Record<string, string>; stdin?: string } = {}) =>
    runCli(['test', ...cli.args, '--ca', mail.caFile, ...args], { env: { ...ENV, ...env }, stdin });

  beforeEach(async () => {
    cli = (sqlite as (typeof CLI_STORE_KINDS)[number]).open();
    const api = createTestApp({ store: cli.store, secretKey: KEY });
    expect((await api.call('PUT', '/settings', { body: { settings: mail.draft() } })).status).toBe(200);
  });
  afterEach(() => cli.cleanup());

  it('tests settings read from standard input, secrets included, for a tenant with nothing saved', async () => {
    const run = await test(['--tenant', 'fresh', '--settings', '-'], {
      stdin: JSON.stringify(mail.draft()),
    });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toBe('Testing the given settings of tenant "fresh":');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('The connection works.');
  });

  it('tests settings given as flags, the password from the environment', async () => {
    const flags = ['--host', '127.0.0.1', '--port', String(mail.server.port), '--security', 'tls'];
    const run = await test(
      ['--tenant', 'fresh', ...flags, '--username', CLI_MAIL_USER, '--from-email', 'app@example.com'],
      {
        env: { SMTP_SETTINGS_PASSWORD: SECRETS.password },
      },
    );
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(stagesOf(run.stdout)).toContain('auth OK');
  });

  it('refuses bad input with exit status 2 and the fields’ messages, never a value', async () => {
    const connections = mail.server.connections;
    const nothing = await test(['--tenant', 'nobody']);
    expect(nothing).toMatchObject({ status: 2, stdout: '' });
    expect(nothing.stderr).toBe(
      'smtp-settings test: no settings are saved for this tenant: give them with --settings or the flags (see --help)\n',
    );

    const port = await test(['--port', 'abc']);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/^smtp-settings test: Some fields need attention\n {2}port: .+\n$/);

    // A saved password never follows the settings to another server.
    const moved = await test(['--host', 'localhost']);
    expect(moved.status).toBe(2);
    expect(moved.stderr).toBe(
      'smtp-settings test: Some fields need attention\n  password: Enter the password again: the server changed\n',
    );

    const json = await test(['--settings', '-'], { stdin: `{"password": "${SECRETS.otherPassword}",` });
    expect(json).toMatchObject({
      status: 2,
      stderr: 'smtp-settings test: the settings in standard input are not valid JSON\n',
    });

    const sendTo = await test(['--send-to', 'not-an-address']);
    expect(sendTo).toMatchObject({
      status: 2,
      stderr: 'smtp-settings test: --send-to must be an email address\n',
    });
    expect(mail.server.connections).toBe(connections);
  });

  it('exits with 3 when the saved secrets do not open with the configured key, and 2 for a malformed key', async () => {
    const wrongKey = await test([], { env: { SMTP_SETTINGS_KEY: newSecretKey() } });
    expect(wrongKey).toMatchObject({ status: 3, stdout: '' });
    expect(wrongKey.stderr).toMatch(
      /^smtp-settings test: The stored password cannot be decrypted: it was sealed with a key that is no longer configured/,
    );
    const malformed = await test([], { env: { SMTP_SETTINGS_KEY: 'short' } });
    expect(malformed).toMatchObject({ status: 2, stdout: '' });
    expect(malformed.stderr).toMatch(/^smtp-settings test: The secret key is not valid base64/);
    const none = await runCli(['test', ...cli.args]);
    expect(none.stderr).toBe(
      'smtp-settings test: no secret key: set SMTP_SETTINGS_KEY to the key(s) the host uses, comma-separated, the primary first\n',
    );
  });

  it('exits with 3 when the store cannot be reached, and warns of a password in the URL without showing it', async () => {
    const url = `postgres://postgres:${SECRETS.otherPassword}@127.0.0.1:1/test`;
    const run = await runCli(['test', '--postgres', url], { env: ENV });
    expect(run).toMatchObject({ status: 3, stdout: '' });
    const [warning, error] = run.stderr.trimEnd().split('\n');
    expect(warning).toMatch(/^smtp-settings: warning: the --postgres URL holds a password/);
    expect(error).toMatch(/^smtp-settings test: smtp-settings: PostgreSQL could not .+ECONNREFUSED/);
  });
});
