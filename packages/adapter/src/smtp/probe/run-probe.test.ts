import type { SecureContext } from 'node:tls';
import { inspect } from 'node:util';
import type { SmtpErrorCode, TestStage, TestStageName } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../test/notices.js';
import {
  decodedHeader,
  onLines,
  type RawServerFixture,
  refusedPort,
  type SmtpServerFixture,
  startRawServer,
  startSmtpServer,
  testCertificates,
} from '../../../test/smtp-server-fixture.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { createTlsTrust } from '../tls-trust.js';
import { type ProbeOptions, type ProbeResult, type ProbeTarget, runProbe } from './run-probe.js';

const USER = 'app@example.test';
const PASSWORD = 'pa55-Word!never-echo';
const TOKEN = 'ya29.access-token-never-echo';
const SECRETS = [
  PASSWORD,
  TOKEN,
  Buffer.from(PASSWORD).toString('base64'),
  Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'),
  Buffer.from(`user=${USER}\x01auth=Bearer ${TOKEN}\x01\x01`).toString('base64'),
];
const FAST: ProbeOptions['timeouts'] = { connect: 1000, greeting: 1000, command: 1000, total: 5000 };
const password = { method: 'password', user: USER, pass: PASSWORD } as const;
const xoauth2 = (token: string) =>
  ({ method: 'xoauth2', user: USER, accessToken: async () => ({ accessToken: token }) }) as const;

const socketHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSSocketWrap')
    .length;
let handlesBefore = 0;
let trust: SecureContext;

beforeAll(() => {
  trust = createTlsTrust(testCertificates().ca);
  handlesBefore = socketHandles();
});

/** Waits until at most `count` sockets are open: closing finishes on a later tick, so give it a moment, never more. */
async function expectSocketsBackTo(count: number): Promise<void> {
  for (let attempt = 0; attempt < 50 && socketHandles() > count; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(socketHandles()).toBeLessThanOrEqual(count);
}

afterAll(() => expectSocketsBackTo(handlesBefore));

/** Runs a probe with fast limits and the test CA, and checks that it leaked neither a secret nor a socket. */
async function probe(
  target: Partial<ProbeTarget> & Pick<ProbeTarget, 'port' | 'security'>,
  options: ProbeOptions = {},
) {
  const stages: TestStage[] = [];
  const handles = socketHandles();
  const started = performance.now();
  const result = await runProbe(
    { host: '127.0.0.1', fromEmail: USER, secureContext: trust, ...target },
    { timeouts: FAST, onStage: (stage) => stages.push(stage), ...options },
  );
  const ms = performance.now() - started;
  // Every case here runs against loopback or fails before connecting: none may take long.
  expect(ms).toBeLessThan(1500);
  expect(stages).toEqual(result.stages);
  const everything = [
    JSON.stringify(result),
    JSON.stringify(result.failure?.toTestFailure()),
    inspect(result, { depth: 8, showHidden: true }),
  ].join('\n');
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  // The servers are still up, so a socket the probe left open would keep both ends alive.
  await expectSocketsBackTo(handles);
  return { result, ms };
}

function expectFailure(result: ProbeResult, code: SmtpErrorCode, stage: TestStageName): SmtpFailure {
  expect(result.ok).toBe(false);
  expect(result.failure).toBeInstanceOf(SmtpFailure);
  const failure = result.failure as SmtpFailure;
  expect({ code: failure.code, stage: failure.stage }).toEqual({ code, stage });
  const last = result.stages.at(-1);
  expect(last).toMatchObject({ name: stage, ok: false, detail: failure.message });
  expect(result.stages.slice(0, -1).every((step) => step.ok)).toBe(true);
  return failure;
}

const names = (result: ProbeResult) => result.stages.map((stage) => stage.name);

describe('runProbe against a working server', () => {
  let tls: SmtpServerFixture;
  let starttls: SmtpServerFixture;
  let plain: SmtpServerFixture;
  let loginOnly: SmtpServerFixture;
  let open: SmtpServerFixture;

  beforeAll(async () => {
    const accounts = { users: { [USER]: PASSWORD }, accessTokens: { [USER]: TOKEN } };
    [tls, starttls, plain, loginOnly, open] = await Promise.all([
      startSmtpServer({ security: 'tls', ...accounts }),
      startSmtpServer({ security: 'starttls', ...accounts }),
      startSmtpServer({ security: 'none', allowInsecureAuth: true, ...accounts }),
      startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD }, authMethods: ['LOGIN'] }),
      startSmtpServer({ security: 'none' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([tls, starttls, plain, loginOnly, open].map((server) => server?.close()));
  });

  it('passes with implicit TLS, the test CA and AUTH PLAIN, reporting every step in order', async () => {
    const { result } = await probe({ host: 'localhost', port: tls.port, security: 'tls', auth: password });
    expect(result.ok).toBe(true);
    expect(messages(result.warnings)).toEqual([]);
    expect(names(result)).toEqual(['dns', 'connect', 'tls', 'ehlo', 'auth', 'envelope']);
    const [dns, connect, tlsStage, ehlo, auth, envelope] = result.stages;
    expect(dns?.detail).toBe('"localhost" resolves to 127.0.0.1');
    expect(connect?.detail).toBe(`Connected to 127.0.0.1 port ${tls.port}`);
    expect(tlsStage?.detail).toMatch(
      /^TLSv1\.[23], \S+; certificate for localhost issued by smtp-settings test CA, valid until \d{4}-\d\d-\d\d$/,
    );
    expect(ehlo?.detail).toMatch(
      /^greeting: 220 localhost ESMTP .*; AUTH PLAIN, LOGIN, XOAUTH2; max\. message size 10 MB; SMTPUTF8, 8BITMIME$/,
    );
    expect(auth?.detail).toBe(`Logged in as ${USER} with PLAIN`);
    expect(envelope?.detail).toBe(`Sender <${USER}> and recipient <${USER}> accepted`);
    for (const stage of result.stages) expect(stage.ms).toBeGreaterThanOrEqual(0);
    expect(tls.messages).toHaveLength(0);
  });

  it('passes with STARTTLS and AUTH LOGIN, and delivers the test message', async () => {
    const sendTo = 'admin@example.test';
    const { result } = await probe({
      port: loginOnly.port,
      security: 'starttls',
      auth: password,
      fromName: 'Example App',
      sendTo,
    });
    expect(result.ok).toBe(true);
    expect(names(result)).toEqual(['dns', 'connect', 'tls', 'ehlo', 'auth', 'envelope', 'send']);
    expect(result.stages[0]?.detail).toBe('127.0.0.1 is an IP address: no lookup needed');
    expect(result.stages[1]?.detail).toMatch(/; greeting: 220 localhost ESMTP/);
    expect(result.stages[2]?.detail).toMatch(/^STARTTLS: TLSv1\.[23], /);
    expect(result.stages[4]?.detail).toBe(`Logged in as ${USER} with LOGIN`);
    expect(result.stages[5]?.detail).toBe(`Sender <${USER}> and recipient <${sendTo}> accepted`);
    expect(result.stages[6]?.detail).toBe('250 OK queued as test-1');

    expect(loginOnly.messages).toHaveLength(1);
    const [message] = loginOnly.messages;
    expect(message).toMatchObject({ from: USER, to: [sendTo], user: USER });
    expect(decodedHeader(message?.raw ?? '', 'From')).toBe(`Example App <${USER}>`);
    expect(decodedHeader(message?.raw ?? '', 'To')).toBe(sendTo);
    expect(decodedHeader(message?.raw ?? '', 'Subject')).toBe('SMTP settings test — it works');
    expect(message?.raw).toContain(`port ${loginOnly.port} (STARTTLS)`);
  });

  it('passes without encryption, skipping TLS and warning that the password travels in plain text', async () => {
    const { result } = await probe({ port: plain.port, security: 'none', auth: password });
    expect(result.ok).toBe(true);
    expect(result.stages[2]).toEqual({
      name: 'tls',
      ok: true,
      ms: 0,
      detail: 'Not encrypted (security: None)',
      detailKey: 'detail.tlsSkipped',
      skipped: true,
    });
    expect(messages(result.warnings)).toEqual([
      expect.stringMatching(/not encrypted: the user name and password travel in plain text/),
    ]);
  });

  it('passes with XOAUTH2 and the known access token', async () => {
    const { result } = await probe({
      port: starttls.port,
      security: 'starttls',
      auth: xoauth2(TOKEN),
      sendTo: USER,
    });
    expect(result.ok).toBe(true);
    expect(result.stages[4]?.detail).toBe(`Logged in as ${USER} with XOAUTH2`);
    expect(starttls.messages.at(-1)).toMatchObject({ user: USER });
  });

  it('passes without a login when none is configured', async () => {
    const { result } = await probe({ port: open.port, security: 'none' });
    expect(result.ok).toBe(true);
    expect(result.stages[4]).toMatchObject({
      name: 'auth',
      ok: true,
      detail: 'No user name: sending without authentication',
    });
    expect(messages(result.warnings)).toEqual([]);
  });

  it('fails with AUTH_FAILED for a wrong password', async () => {
    const { result } = await probe({
      port: starttls.port,
      security: 'starttls',
      auth: { ...password, pass: 'wrong-password' },
    });
    const failure = expectFailure(result, 'AUTH_FAILED', 'auth');
    expect(failure.serverReply).toBe('535 5.7.8 Authentication credentials invalid');
    expect(failure.transient).toBe(false);
  });

  it('fails with AUTH_FAILED and the token hint for another access token', async () => {
    const { result } = await probe({
      port: tls.port,
      security: 'tls',
      auth: xoauth2('ya29.some-other-token'),
    });
    const failure = expectFailure(result, 'AUTH_FAILED', 'auth');
    expect(failure.hint).toMatch(/access token/);
    expect(failure.serverReply).toContain('"status":"401"');
    expect(JSON.stringify(result)).not.toContain('ya29.some-other-token');
  });

  it('fails with TOKEN_REVOKED at auth when the token source throws it', async () => {
    const revoked = new SmtpFailure('TOKEN_REVOKED', 'failure.noAccessToken', { stage: 'auth' });
    const accessToken = () => Promise.reject(revoked);
    const { result } = await probe({
      port: tls.port,
      security: 'tls',
      auth: { method: 'xoauth2', user: USER, accessToken },
    });
    expect(expectFailure(result, 'TOKEN_REVOKED', 'auth')).toMatchObject({
      message: revoked.message,
      messageKey: 'failure.noAccessToken',
    });
  });

  it('fails with TOKEN_FAILED at auth when the token source throws anything else', async () => {
    const accessToken = () => Promise.reject(new Error(`invalid_grant ${TOKEN}`));
    const { result } = await probe({
      port: tls.port,
      security: 'tls',
      auth: { method: 'xoauth2', user: USER, accessToken },
    });
    expectFailure(result, 'TOKEN_FAILED', 'auth');
  });

  it('fails with AUTH_MECH_UNSUPPORTED when a password login is not offered', async () => {
    const { result } = await probe({ port: loginOnly.port, security: 'starttls', auth: xoauth2(TOKEN) });
    expect(expectFailure(result, 'AUTH_MECH_UNSUPPORTED', 'auth').message).toMatch(/offers LOGIN/);
  });

  it('fails with TLS_WRONG_MODE at auth for a plain-text login to a server that wants STARTTLS first', async () => {
    const { result } = await probe({ port: starttls.port, security: 'none', auth: password });
    expect(expectFailure(result, 'TLS_WRONG_MODE', 'auth').hint).toMatch(/STARTTLS/);
    expect(messages(result.warnings)).toContain(
      'The server offers STARTTLS: choose STARTTLS to encrypt the connection.',
    );
  });

  it('fails with TLS_WRONG_MODE when TLS is spoken to a STARTTLS port, naming STARTTLS', async () => {
    const { result, ms } = await probe({ port: starttls.port, security: 'tls', auth: password });
    expect(expectFailure(result, 'TLS_WRONG_MODE', 'tls').hint).toMatch(/choose STARTTLS/);
    expect(ms).toBeLessThan(1000);
  });

  it('fails with TLS_WRONG_MODE at connect when plain text meets a TLS port, naming SSL/TLS', async () => {
    const timeouts = { ...FAST, greeting: 300 };
    const { result, ms } = await probe(
      { port: tls.port, security: 'starttls', auth: password },
      { timeouts },
    );
    expect(expectFailure(result, 'TLS_WRONG_MODE', 'connect').hint).toMatch(/choose SSL\/TLS/);
    expect(ms).toBeLessThan(1500);
  });

  it('fails with STARTTLS_UNSUPPORTED when the server does not offer STARTTLS', async () => {
    const { result } = await probe({ port: plain.port, security: 'starttls', auth: password });
    expect(expectFailure(result, 'STARTTLS_UNSUPPORTED', 'ehlo').message).toMatch(
      /AUTH PLAIN, LOGIN, XOAUTH2/,
    );
    expect(names(result)).toEqual(['dns', 'connect', 'ehlo']);
  });

  it.each(['tls', 'starttls'] as const)(
    'fails with TLS_CERT_INVALID over %s when the test CA is not trusted',
    async (security) => {
      const port = security === 'tls' ? tls.port : starttls.port;
      const { result, ms } = await probe({ port, security, auth: password, secureContext: createTlsTrust() });
      const failure = expectFailure(result, 'TLS_CERT_INVALID', 'tls');
      expect(failure.message).toMatch(/^The server certificate could not be verified: its issuer is unknown/);
      expect(ms).toBeLessThan(500);
    },
  );
});

describe('runProbe against a server with a self-signed certificate', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'tls',
      certificate: 'self-signed',
      users: { [USER]: PASSWORD },
    });
  });
  afterAll(() => server?.close());

  it('fails with TLS_CERT_INVALID', async () => {
    const { result } = await probe({ port: server.port, security: 'tls', auth: password });
    expect(expectFailure(result, 'TLS_CERT_INVALID', 'tls').message).toBe(
      'The server certificate is self-signed.',
    );
  });

  it('passes with a warning naming the reason when invalid certificates are allowed', async () => {
    const { result } = await probe({
      port: server.port,
      security: 'tls',
      auth: password,
      allowInvalidCertificate: true,
    });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        message: expect.stringMatching(
          /^The server certificate is not valid \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. It was accepted/,
        ),
        messageKey: 'warning.certificateAccepted',
        params: { reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      },
    ]);
  });
});

describe('runProbe against refusing servers', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'starttls',
      users: { [USER]: PASSWORD },
      rejectSender: {
        address: 'boss@example.test',
        reply: '554 5.2.252 SendAsDenied; app@example.test not allowed to send as boss@example.test',
      },
      rejectRecipient: {
        address: 'nobody@example.test',
        reply: '550 5.1.1 <nobody@example.test>: Recipient address rejected',
      },
    });
  });
  afterAll(() => server?.close());

  it('fails with SENDER_REJECTED and the Send As hint', async () => {
    const { result } = await probe({
      port: server.port,
      security: 'starttls',
      auth: password,
      fromEmail: 'boss@example.test',
    });
    const failure = expectFailure(result, 'SENDER_REJECTED', 'envelope');
    expect(failure.hint).toMatch(/"Send As" on the From address/);
    expect(failure.serverReply).toMatch(/^554 5\.2\.252 SendAsDenied/);
  });

  it('fails with RECIPIENT_REJECTED', async () => {
    const { result } = await probe({
      port: server.port,
      security: 'starttls',
      auth: password,
      sendTo: 'nobody@example.test',
    });
    expectFailure(result, 'RECIPIENT_REJECTED', 'envelope');
    expect(server.messages).toHaveLength(0);
  });

  it('fails with AUTH_REQUIRED when no login is configured', async () => {
    const { result } = await probe({ port: server.port, security: 'starttls' });
    expectFailure(result, 'AUTH_REQUIRED', 'envelope');
  });
});

describe('runProbe against misbehaving servers', () => {
  const servers: RawServerFixture[] = [];
  const raw = async (onConnection: Parameters<typeof startRawServer>[0]) => {
    const server = await startRawServer(onConnection);
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('fails with CONNECTION_REFUSED at connect for a closed port', async () => {
    const { result, ms } = await probe({ port: await refusedPort(), security: 'starttls' });
    expect(expectFailure(result, 'CONNECTION_REFUSED', 'connect').message).toMatch(/refused the connection/);
    expect(ms).toBeLessThan(500);
  });

  it('fails with TIMEOUT at connect within the greeting timeout for a server that never greets', async () => {
    const silent = await raw(() => undefined);
    const timeouts = { ...FAST, greeting: 300 };
    const { result, ms } = await probe({ port: silent.port, security: 'starttls' }, { timeouts });
    // The limit that ran out, and what the step took in all (connecting came first): the stage's own ms.
    const took = result.stages.at(-1)?.ms;
    expect(expectFailure(result, 'TIMEOUT', 'connect').message).toBe(
      `The server did not send its greeting within 300 ms; this step took ${took} ms in all.`,
    );
    expect(result.failure?.toTestFailure()).toMatchObject({
      messageKey: 'failure.waitGreeting',
      hintKey: 'hint.TIMEOUT',
      params: { limitMs: 300, elapsedMs: took },
    });
    expect(result.failure?.transient).toBe(true);
    expect(ms).toBeLessThan(1500);
  });

  it('fails with TIMEOUT at ehlo for a server that greets, then stalls', async () => {
    const stalls = await raw((socket) => socket.write('220 stalls.example ESMTP\r\n'));
    const timeouts = { ...FAST, command: 300 };
    const { result, ms } = await probe({ port: stalls.port, security: 'none' }, { timeouts });
    expect(expectFailure(result, 'TIMEOUT', 'ehlo').message).toBe(
      `The server did not answer EHLO within 300 ms; this step took ${result.stages.at(-1)?.ms} ms in all.`,
    );
    expect(ms).toBeLessThan(1000);
  });

  it('fails with CONNECTION_LOST at auth for a server that drops the connection during AUTH', async () => {
    const dropper = await raw((socket) => {
      socket.write('220 dropper.example ESMTP\r\n');
      onLines(socket, (line) => {
        if (line.startsWith('EHLO')) socket.write('250-dropper.example\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (line.startsWith('AUTH')) socket.destroy();
      });
    });
    const { result } = await probe({ port: dropper.port, security: 'none', auth: password });
    expect(expectFailure(result, 'CONNECTION_LOST', 'auth').transient).toBe(true);
  });

  it('fails with SMTP_ERROR for a server that answers garbage, showing what it sent', async () => {
    const http = await raw((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const { result } = await probe({ port: http.port, security: 'starttls' });
    expect(expectFailure(result, 'SMTP_ERROR', 'connect').serverReply).toBe('HTTP/1.1 400 Bad Request');
  });

  it('fails with TIMEOUT at the running step when the total time runs out', async () => {
    const stalls = await raw((socket) => socket.write('220 stalls.example ESMTP\r\n'));
    const timeouts = { connect: 5000, greeting: 5000, command: 5000, total: 400 };
    const { result, ms } = await probe({ port: stalls.port, security: 'none' }, { timeouts });
    expect(expectFailure(result, 'TIMEOUT', 'ehlo').message).toBe(
      `The test ran out of time: it may take 400 ms in all, and this step took ${result.stages.at(-1)?.ms} ms.`,
    );
    expect(ms).toBeLessThan(1000);
  });

  it('fails with TIMEOUT when the caller cancels', async () => {
    const stalls = await raw((socket) => socket.write('220 stalls.example ESMTP\r\n'));
    const { result, ms } = await probe(
      { port: stalls.port, security: 'none' },
      { signal: AbortSignal.timeout(200), timeouts: { command: 5000 } },
    );
    expect(expectFailure(result, 'TIMEOUT', 'ehlo').message).toBe('The test was cancelled.');
    expect(ms).toBeLessThan(1000);
  });
});

describe('runProbe before connecting', () => {
  it('fails with DNS_NOT_FOUND at dns for an unknown host', async () => {
    const { result, ms } = await probe({ host: 'nonexistent.invalid', port: 587, security: 'starttls' });
    expect(expectFailure(result, 'DNS_NOT_FOUND', 'dns').message).toBe(
      'The host name "nonexistent.invalid" does not exist in DNS.',
    );
    expect(ms).toBeLessThan(3000);
  });

  it('converts an internationalized host name to ASCII before the lookup', async () => {
    const { result } = await probe({ host: 'bücher.invalid', port: 587, security: 'starttls' });
    const failure = expectFailure(result, 'DNS_NOT_FOUND', 'dns');
    expect(failure.message).toBe('The host name "xn--bcher-kva.invalid" does not exist in DNS.');
  });

  it.each(['169.254.169.254', '::ffff:169.254.169.254', '[::ffff:a9fe:a9fe]'])(
    'fails with HOST_NOT_ALLOWED at dns for the metadata address %s',
    async (host) => {
      const timeouts = { ...FAST, connect: 200 };
      const { result, ms } = await probe({ host, port: 80, security: 'none' }, { timeouts });
      expectFailure(result, 'HOST_NOT_ALLOWED', 'dns');
      expect(names(result)).toEqual(['dns']);
      expect(ms).toBeLessThan(200);
    },
  );

  it('connects to nothing when the host policy refuses every address', async () => {
    const server = await startRawServer((socket) => socket.end('220 hello\r\n'));
    try {
      const seen: string[] = [];
      const hostPolicy = ({ address }: { address: string }) => {
        seen.push(address);
        return false;
      };
      const { result } = await probe(
        { host: 'localhost', port: server.port, security: 'none' },
        { hostPolicy },
      );
      expectFailure(result, 'HOST_NOT_ALLOWED', 'dns');
      expect(seen).toEqual(['127.0.0.1']);
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('rejects a target whose addresses could smuggle SMTP commands', async () => {
    await expect(
      runProbe({
        host: '127.0.0.1',
        port: 25,
        security: 'none',
        fromEmail: 'a@example.test>\r\nRCPT TO:<victim@example.test',
      }),
    ).rejects.toThrow(TypeError);
  });
});
