import type { SecureContext } from 'node:tls';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../test/notices.js';
import {
  onLines,
  type RawServerFixture,
  type SmtpServerFixture,
  startRawServer,
  startSmtpServer,
  testCertificates,
} from '../../../test/smtp-server-fixture.js';
import { englishText } from '../../failures/server-text.js';
import { createTlsTrust } from '../tls-trust.js';
import { type ProbeResult, type ProbeTarget, runProbe } from './run-probe.js';

const USER = 'app@example.test';
const PASSWORD = 'pa55-Word!never-echo';
const SECRETS = [
  PASSWORD,
  Buffer.from(PASSWORD).toString('base64'),
  Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'),
];
const password = { method: 'password', user: USER, pass: PASSWORD } as const;
const accounts = { users: { [USER]: PASSWORD } };
let trust: SecureContext;

beforeAll(() => {
  trust = createTlsTrust(testCertificates().ca);
});

/** Runs a probe with fast limits, a real test message and the test CA, and checks that no secret leaked. */
async function probe(target: Partial<ProbeTarget> & Pick<ProbeTarget, 'port' | 'security'>) {
  const result = await runProbe(
    { host: '127.0.0.1', fromEmail: USER, sendTo: USER, secureContext: trust, ...target },
    { timeouts: { connect: 1000, greeting: 1000, command: 1000, total: 5000 } },
  );
  const everything = `${JSON.stringify(result)}\n${inspect(result, { depth: 8, showHidden: true })}`;
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  return result;
}

const authStage = (result: ProbeResult) => result.stages.find((stage) => stage.name === 'auth');

describe('the auth step logs in as nodemailer does', () => {
  const servers: SmtpServerFixture[] = [];
  const start = async (options: Parameters<typeof startSmtpServer>[0]) => {
    const server = await startSmtpServer(options);
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('logs in with CRAM-MD5 when the server offers only that, without sending the password', async () => {
    const server = await start({ security: 'starttls', ...accounts, authMethods: ['CRAM-MD5'] });
    const result = await probe({ port: server.port, security: 'starttls', auth: password });
    expect(result.ok).toBe(true);
    expect(authStage(result)?.detail).toBe(`Logged in as ${USER} with CRAM-MD5`);
    expect(server.logins).toEqual([{ method: 'CRAM-MD5', user: USER, accepted: true }]);
    expect(server.messages).toMatchObject([{ user: USER }]);
  });

  it('fails with AUTH_FAILED for a wrong password over CRAM-MD5', async () => {
    const server = await start({ security: 'starttls', ...accounts, authMethods: ['CRAM-MD5'] });
    const result = await probe({
      port: server.port,
      security: 'starttls',
      auth: { ...password, pass: 'wrong-password' },
    });
    expect(result.failure).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
    expect(server.logins).toEqual([{ method: 'CRAM-MD5', user: USER, accepted: false }]);
  });

  it.each([
    [['LOGIN', 'PLAIN'], 'PLAIN'],
    [['CRAM-MD5', 'LOGIN'], 'LOGIN'],
    [['XOAUTH2', 'CRAM-MD5'], 'CRAM-MD5'],
  ] as const)('picks by preference, not by the server’s order: %j → %s', async (offered, picked) => {
    const server = await start({ security: 'tls', ...accounts, authMethods: [...offered] });
    const result = await probe({ port: server.port, security: 'tls', auth: password });
    expect(result.ok).toBe(true);
    expect(server.logins.map((login) => login.method)).toEqual([picked]);
  });

  it('sends without a login, and warns, when the server offers no AUTH and does not need one', async () => {
    const server = await start({ security: 'starttls', ...accounts, authMethods: [], authOptional: true });
    const result = await probe({ port: server.port, security: 'starttls', auth: password });
    expect(result.ok).toBe(true);
    expect(authStage(result)).toMatchObject({
      ok: true,
      detail: 'The server offers no login on this connection: sending without authentication',
    });
    expect(messages(result.warnings)).toEqual([
      'The server offers no login on this connection: mail is sent without authentication.',
    ]);
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).not.toHaveProperty('user');
    expect(server.messages[0]?.raw).toContain('Login: none (the server offers no login)');
  });

  it.each([
    ['starttls', 'hint.loginNotOnThisPort'],
    ['none', 'hint.loginOnlyEncrypted'],
  ] as const)(
    'fails with AUTH_REQUIRED at envelope over %s when the server needs a login it does not offer',
    async (security, hintKey) => {
      const server = await start({ security, ...accounts, authMethods: [], authOptional: false });
      const result = await probe({ port: server.port, security, auth: password });
      // The hint names the port the admin chose, not a usual one.
      const hint = englishText(hintKey, { port: server.port });
      expect(result.failure).toMatchObject({ code: 'AUTH_REQUIRED', stage: 'envelope', hintKey, hint });
      expect(result.failure?.toTestFailure().params).toMatchObject({ port: server.port });
      expect(result.failure?.serverReply).toMatch(/^530 /);
      expect(server.logins).toEqual([]);
    },
  );
});

describe('the auth step with a mechanism the server does not list', () => {
  const servers: RawServerFixture[] = [];
  /**
   * A plain-text server that records every line and answers EHLO with `ehlo` (a refusal when `null`),
   * HELO, the envelope and QUIT with success, and AUTH lines with `onAuth`.
   */
  const scripted = async (ehlo: string[] | null, onAuth: (line: string) => string) => {
    const lines: string[] = [];
    const server = await startRawServer((socket) => {
      socket.write('220 scripted.example ESMTP\r\n');
      onLines(socket, (line) => {
        lines.push(line);
        if (line.startsWith('EHLO')) {
          const last = ehlo ? ehlo.length - 1 : 0;
          socket.write(
            ehlo
              ? ehlo.map((text, index) => `250${index === last ? ' ' : '-'}${text}\r\n`).join('')
              : '502 5.5.1 Command not implemented\r\n',
          );
        } else if (line.startsWith('HELO')) socket.write('250 scripted.example\r\n');
        else if (/^(MAIL|RCPT|RSET)/.test(line)) socket.write('250 2.0.0 Ok\r\n');
        else if (line === 'QUIT') socket.write('221 Bye\r\n');
        else socket.write(onAuth(line));
      });
    });
    servers.push(server);
    return { port: server.port, lines, auths: () => lines.filter((line) => line.startsWith('AUTH')) };
  };
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('asks for PLAIN without the password when the server lists only XOAUTH2, and names OAuth', async () => {
    const server = await scripted(
      ['scripted.example', 'AUTH XOAUTH2'],
      () => '504 5.5.4 Unrecognized authentication type\r\n',
    );
    const result = await probe({ port: server.port, security: 'none', auth: password, sendTo: undefined });
    expect(result.failure).toMatchObject({
      code: 'AUTH_MECH_UNSUPPORTED',
      stage: 'auth',
      message: 'The server offers no password login (PLAIN, LOGIN or CRAM-MD5); it offers XOAUTH2.',
      hint: englishText('hint.onlyOauth'),
    });
    expect(server.auths()).toEqual(['AUTH PLAIN']);
    for (const secret of SECRETS) expect(server.lines.join('\n')).not.toContain(secret);
  });

  it('logs in with PLAIN anyway when the server takes it unlisted, as nodemailer would', async () => {
    const payload = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
    const server = await scripted(['scripted.example', 'AUTH GSSAPI'], (line) =>
      line === 'AUTH PLAIN' ? '334 \r\n' : line === payload ? '235 2.7.0 Accepted\r\n' : '535 5.7.8 No\r\n',
    );
    const result = await probe({ port: server.port, security: 'none', auth: password, sendTo: undefined });
    expect(result.ok).toBe(true);
    expect(authStage(result)?.detail).toBe(`Logged in as ${USER} with PLAIN`);
    expect(server.auths()).toEqual(['AUTH PLAIN']);
  });

  it('tries a login with a server that knows only HELO, as nodemailer does', async () => {
    const server = await scripted(null, () => '502 5.5.1 Command not implemented\r\n');
    const result = await probe({ port: server.port, security: 'none', auth: password, sendTo: undefined });
    expect(result.failure).toMatchObject({
      code: 'AUTH_MECH_UNSUPPORTED',
      stage: 'auth',
      message: 'The server offers no password login (PLAIN, LOGIN or CRAM-MD5); it lists no login methods.',
    });
    expect(server.auths()).toEqual(['AUTH PLAIN']);
  });
});
