import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, newSecretKey, SECRETS, type TestApp } from '../../test/app-fixture.js';
import {
  CLI_MAIL_USER,
  CLI_STORE_KINDS,
  type CliStore,
  runCli,
  useCliMailServer,
} from '../../test/cli-fixture.js';
import { decodedHeader } from '../../test/smtp-server-fixture.js';

const KEY = newSecretKey();
const ENV = { SMTP_SETTINGS_KEY: KEY };
const mail = useCliMailServer([...Object.values(SECRETS), KEY]);

describe.each(CLI_STORE_KINDS)('smtp-settings send on the $kind store', ({ kind, open }) => {
  let cli: CliStore;
  let api: TestApp;
  const send = (args: string[]) => runCli(['send', ...cli.args, '--ca', mail.caFile, ...args], { env: ENV });
  const save = async (password: string) => {
    const settings = mail.draft({ password });
    expect((await api.call('PUT', '/settings', { body: { settings } })).status).toBe(200);
  };

  beforeEach(() => {
    cli = open();
    api = createTestApp({ store: cli.store, secretKey: KEY });
  });
  afterEach(() => cli.cleanup());

  it('sends a test message through the saved settings, and it arrives', async () => {
    await save(SECRETS.password);
    const before = mail.server.messages.length;
    const run = await send(['--to', 'qa-lead@example.com']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const [sent, messageId] = run.stdout.trimEnd().split('\n');
    expect(sent).toMatch(/^Sent to qa-lead@example\.com: 250 /);
    expect(messageId).toMatch(/^Message-ID: <[\w-]+@example\.com>$/);

    const arrived = mail.server.messages.slice(before);
    expect(arrived).toEqual([
      expect.objectContaining({
        from: 'notifications@example.com',
        to: ['qa-lead@example.com'],
        user: CLI_MAIL_USER,
      }),
    ]);
    const raw = arrived[0]?.raw ?? '';
    expect(decodedHeader(raw, 'Subject')).toBe('SMTP settings test — sent from the command line');
    expect(decodedHeader(raw, 'Message-ID')).toBe(messageId?.slice('Message-ID: '.length));
    if (kind === 'sqlite') {
      // The mailer records it in the delivery log, as it does the host's own mail.
      const { deliveries } = (await cli.store.listDeliveries?.('default', { limit: 10 })) ?? {
        deliveries: [],
      };
      expect(deliveries).toEqual([expect.objectContaining({ status: 'sent', to: ['qa-lead@example.com'] })]);
    }
  });

  it('reports a refused login with AUTH_FAILED, the server’s reply and the hint, exit 1', async () => {
    await save(SECRETS.otherPassword);
    const before = mail.server.messages.length;
    const run = await send(['--to', 'qa-lead@example.com']);
    expect(run).toMatchObject({ status: 1, stderr: '' });
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      'Sending failed at auth: AUTH_FAILED',
      '  The server refused the user name and password.',
      '  Server reply: 535 5.7.8 Authentication credentials invalid',
      '  Hint: Check the user name and password.',
    ]);
    expect(mail.server.messages.length).toBe(before);
  });

  it('exits with 2 when nothing is saved for the tenant, or without --to', async () => {
    const nothing = await send(['--to', 'qa-lead@example.com', '--tenant', 'nobody']);
    expect(nothing).toMatchObject({ status: 2, stdout: '' });
    expect(nothing.stderr).toBe(
      'smtp-settings send: No SMTP settings are saved for tenant "nobody": an administrator has to set up outgoing mail first.\n',
    );
    const noTo = await send([]);
    expect(noTo).toMatchObject({
      status: 2,
      stderr: 'smtp-settings send: say where to send the test message with --to <address>\n',
    });
  });
});
