import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { startRawTlsServer } from '../../../test/raw-tls-server.js';
import {
  onLines,
  type RawServerFixture,
  startRawServer,
  testCertificates,
} from '../../../test/smtp-server-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../../test/socket-handles.js';
import { createTlsTrust } from '../tls-trust.js';
import { type ProbeResult, type ProbeTarget, type ProbeTimeouts, runProbe } from './run-probe.js';

const USER = 'app@example.test';
const PASSWORD = 'pa55-Word!never-echo';
const TIMEOUTS: ProbeTimeouts = { connect: 500, greeting: 300, command: 300, total: 4000 };
// Headroom over a configured bound for a loaded two-core machine: a timeout fires no later than this.
const MARGIN_MS = 500;
const password = { method: 'password', user: USER, pass: PASSWORD } as const;
const EHLO_REPLY = '250-faults.example\r\n250-AUTH PLAIN LOGIN\r\n250-STARTTLS\r\n250 SIZE 10240000\r\n';
const TEN_MB = 10 * 1024 * 1024;
// A TLS 1.2 alert record: fatal (2), handshake_failure (40).
const HANDSHAKE_FAILURE_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
// Control characters a server could use to forge lines in a log or a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

let trust: SecureContext;

beforeAll(() => {
  trust = createTlsTrust(testCertificates().ca);
});

/**
 * Runs a probe against a misbehaving server, then proves no socket is left: first while the server is
 * still up (a socket the probe kept would keep both ends alive), then after closing it.
 */
async function probeAgainst(
  starting: Promise<RawServerFixture>,
  target: Partial<ProbeTarget> & Pick<ProbeTarget, 'security'>,
  timeouts: ProbeTimeouts = TIMEOUTS,
): Promise<{ result: ProbeResult; ms: number }> {
  const before = openSockets();
  const server = await starting;
  try {
    const started = performance.now();
    const result = await runProbe(
      { host: '127.0.0.1', port: server.port, fromEmail: USER, secureContext: trust, ...target },
      { timeouts },
    );
    const ms = performance.now() - started;
    await expectSocketsBackTo(before);
    return { result, ms };
  } finally {
    await server.close();
    await expectSocketsBackTo(before);
  }
}

function expectFailure(result: ProbeResult, code: SmtpErrorCode, stage: TestStageName, message?: RegExp) {
  expect(result.ok).toBe(false);
  const failure = result.failure;
  expect({ code: failure?.code, stage: failure?.stage }).toEqual({ code, stage });
  if (message) expect(failure?.message).toMatch(message);
  expect(result.stages.at(-1)).toMatchObject({ name: stage, ok: false });
  // A timeout names its limit and the time the step really took, the same the stage reports.
  const took = /this step took (\d+) ms/.exec(failure?.message ?? '')?.[1];
  if (took !== undefined) expect(Number(took)).toBe(result.stages.at(-1)?.ms);
  const report = JSON.stringify(failure?.toTestFailure());
  expect(report).not.toContain(PASSWORD);
  expect(report).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'));
  return failure;
}

/** The configured timeout fired, not an earlier or a later one. */
function expectTimedOutAfter(ms: number, boundMs: number): void {
  expect(ms).toBeGreaterThanOrEqual(boundMs - 5);
  expect(ms).toBeLessThan(boundMs + MARGIN_MS);
}

/**
 * A plain-text server that greets and answers each command line with what `answer` returns; no
 * answer means silence. Answers EHLO (with STARTTLS and AUTH) unless `answer` does.
 */
function scripted(
  answer: (line: string, socket: Socket) => string | undefined,
  greeting = '220 faults.example ESMTP\r\n',
) {
  return (socket: Socket) => {
    socket.write(greeting);
    onLines(socket, (line) => {
      const reply = answer(line, socket) ?? (line.startsWith('EHLO') ? EHLO_REPLY : undefined);
      if (reply !== undefined && !socket.destroyed) socket.write(reply);
    });
  };
}

/** Acts on the first bytes a client sends (a TLS ClientHello on an implicit TLS port). */
function afterFirstBytes(act: (socket: Socket) => void) {
  return (socket: Socket) => {
    socket.once('data', () => act(socket));
  };
}

/** A server that offers STARTTLS, says "go ahead", then acts on the ClientHello instead of answering it. */
function startTlsThen(act: (socket: Socket) => void) {
  return (socket: Socket) => {
    let upgrading = false;
    scripted((line) => {
      if (upgrading) return '';
      if (!line.startsWith('STARTTLS')) return undefined;
      upgrading = true;
      socket.once('data', () => act(socket));
      return '220 2.0.0 Ready to start TLS\r\n';
    })(socket);
  };
}

describe('runProbe against a server that stalls', () => {
  it('times out at tls when an implicit TLS port never answers the ClientHello', async () => {
    const { result, ms } = await probeAgainst(startRawServer(afterFirstBytes(() => undefined)), {
      security: 'tls',
      auth: password,
    });
    expectFailure(
      result,
      'TIMEOUT',
      'tls',
      /^The TLS handshake did not finish within 300 ms; this step took \d+ ms in all\.$/,
    );
    expect(result.failure?.transient).toBe(true);
    expectTimedOutAfter(ms, TIMEOUTS.greeting);
  });

  it('times out at ehlo when the TLS handshake succeeds but the greeting never comes', async () => {
    const { result, ms } = await probeAgainst(
      startRawTlsServer(() => undefined),
      {
        security: 'tls',
        auth: password,
      },
    );
    expectFailure(
      result,
      'TIMEOUT',
      'ehlo',
      /^The server did not send its greeting within 300 ms; this step took \d+ ms in all\.$/,
    );
    expect(result.stages.map((stage) => stage.name)).toEqual(['dns', 'connect', 'tls', 'ehlo']);
    expectTimedOutAfter(ms, TIMEOUTS.greeting);
  });

  it('times out at connect when the greeting trickles in a byte at a time and never ends', async () => {
    const drip = (socket: Socket) => {
      const greeting = '220 smtp.example.test ESMTP slowly…';
      let sent = 0;
      const timer = setInterval(() => socket.write(greeting.charAt(sent++ % greeting.length) || ' '), 40);
      socket.on('close', () => clearInterval(timer));
    };
    const { result, ms } = await probeAgainst(startRawServer(drip), { security: 'starttls' });
    // Each byte must not restart the clock: the greeting as a whole has the greeting timeout.
    expectFailure(
      result,
      'TIMEOUT',
      'connect',
      /^The server did not send its greeting within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.greeting);
  });

  it('times out at tls when the server answers EHLO but never answers STARTTLS', async () => {
    const server = startRawServer(scripted((line) => (line.startsWith('STARTTLS') ? '' : undefined)));
    const { result, ms } = await probeAgainst(server, { security: 'starttls', auth: password });
    expectFailure(
      result,
      'TIMEOUT',
      'tls',
      /^The server did not answer STARTTLS within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at tls when the server accepts STARTTLS but never starts the handshake', async () => {
    const { result, ms } = await probeAgainst(startRawServer(startTlsThen(() => undefined)), {
      security: 'starttls',
      auth: password,
    });
    expectFailure(
      result,
      'TIMEOUT',
      'tls',
      /^The TLS handshake did not finish within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at envelope when the server answers EHLO, then stalls on MAIL FROM', async () => {
    const server = startRawServer(scripted((line) => (line.startsWith('MAIL FROM') ? '' : undefined)));
    const { result, ms } = await probeAgainst(server, { security: 'none' });
    expectFailure(
      result,
      'TIMEOUT',
      'envelope',
      /^The server did not answer MAIL FROM within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at auth when the server never answers AUTH PLAIN, without showing the credentials', async () => {
    const server = startRawServer(scripted((line) => (line.startsWith('AUTH') ? '' : undefined)));
    const { result, ms } = await probeAgainst(server, { security: 'none', auth: password });
    expectFailure(
      result,
      'TIMEOUT',
      'auth',
      /^The server did not answer AUTH PLAIN within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at auth when the server stalls halfway through AUTH LOGIN', async () => {
    let step = 0;
    const server = startRawServer(
      scripted((line) => {
        if (line.startsWith('EHLO')) return '250-faults.example\r\n250 AUTH LOGIN\r\n';
        if (line === 'AUTH LOGIN') return '334 VXNlcm5hbWU6\r\n';
        step += 1;
        return step === 1 ? '' : undefined;
      }),
    );
    const { result, ms } = await probeAgainst(server, { security: 'none', auth: password });
    expectFailure(
      result,
      'TIMEOUT',
      'auth',
      /^The server did not answer AUTH LOGIN within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at send when the server never answers DATA', async () => {
    const server = startRawServer(
      scripted((line) => {
        if (line.startsWith('MAIL') || line.startsWith('RCPT')) return '250 2.1.0 Ok\r\n';
        return line === 'DATA' ? '' : undefined;
      }),
    );
    const { result, ms } = await probeAgainst(server, { security: 'none', sendTo: USER });
    expectFailure(
      result,
      'TIMEOUT',
      'send',
      /^The server did not answer DATA within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });

  it('times out at send when the server takes the whole message but never answers the final dot', async () => {
    let inData = false;
    let receivedDot = false;
    const server = startRawServer(
      scripted((line) => {
        if (inData) {
          receivedDot ||= line === '.';
          return '';
        }
        if (line.startsWith('MAIL') || line.startsWith('RCPT')) return '250 2.1.0 Ok\r\n';
        if (line !== 'DATA') return undefined;
        inData = true;
        return '354 End data with <CR><LF>.<CR><LF>\r\n';
      }),
    );
    const { result, ms } = await probeAgainst(server, { security: 'none', sendTo: USER });
    expect(receivedDot).toBe(true);
    expectFailure(
      result,
      'TIMEOUT',
      'send',
      /^The server did not accept the message within 300 ms; this step took \d+ ms in all\.$/,
    );
    expectTimedOutAfter(ms, TIMEOUTS.command);
  });
});

describe('runProbe against a server that keeps silent after accepting', () => {
  // The bound: the greeting timeout ± 10 %, TLS sniff included.
  const SLOW: ProbeTimeouts = { ...TIMEOUTS, greeting: 1000, total: 5000 };
  const expectWithinGreeting = (ms: number) => {
    expect(ms).toBeGreaterThanOrEqual(SLOW.greeting * 0.9);
    expect(ms).toBeLessThanOrEqual(SLOW.greeting * 1.1);
  };

  it('times out at connect within the greeting timeout when the server never greets', async () => {
    const { result, ms } = await probeAgainst(
      startRawServer(() => undefined),
      { security: 'starttls' },
      SLOW,
    );
    expectFailure(
      result,
      'TIMEOUT',
      'connect',
      /^The server did not send its greeting within 1000 ms; this step took \d+ ms in all\.$/,
    );
    expectWithinGreeting(ms);
  });

  it('reports TLS_WRONG_MODE within the greeting timeout when the port speaks implicit TLS', async () => {
    const { result, ms } = await probeAgainst(
      startRawTlsServer((socket) => socket.write('220 tls-only.example ESMTP\r\n')),
      { security: 'starttls' },
      SLOW,
    );
    expectFailure(result, 'TLS_WRONG_MODE', 'connect', /this port expects SSL\/TLS/);
    expectWithinGreeting(ms);
  });

  it('passes with a server that greets at 80 % of the greeting timeout, its conversation undisturbed', async () => {
    const conversations: string[][] = [];
    const answer = scripted((line) => {
      if (/^(MAIL|RCPT|RSET)/.test(line)) return '250 2.0.0 Ok\r\n';
      return line === 'QUIT' ? '221 2.0.0 Bye\r\n' : undefined;
    });
    const slow = (socket: Socket) => {
      const lines: string[] = [];
      conversations.push(lines);
      onLines(socket, (line) => lines.push(line));
      const timer = setTimeout(() => answer(socket), SLOW.greeting * 0.8);
      socket.on('close', () => clearTimeout(timer));
    };
    const { result } = await probeAgainst(startRawServer(slow), { security: 'none' }, SLOW);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    // The first connection is the conversation; a TLS question, if any, went to another one.
    expect(conversations[0]?.map((line) => line.split(/[ :]/)[0])).toEqual([
      'EHLO',
      'MAIL',
      'RCPT',
      'RSET',
      'QUIT',
    ]);
  });
});

describe('runProbe against a server that drops the connection', () => {
  it.each([
    ['closes', (socket: Socket) => socket.destroy()],
    ['resets', (socket: Socket) => socket.resetAndDestroy()],
  ])(
    'reports CONNECTION_LOST at tls when an implicit TLS port %s the connection after the ClientHello',
    async (_, drop) => {
      const { result, ms } = await probeAgainst(startRawServer(afterFirstBytes(drop)), {
        security: 'tls',
        auth: password,
      });
      expectFailure(result, 'CONNECTION_LOST', 'tls');
      expect(result.failure?.transient).toBe(true);
      expect(ms).toBeLessThan(MARGIN_MS);
    },
  );

  it('reports CONNECTION_LOST at tls when the server closes in the middle of the STARTTLS handshake', async () => {
    const { result, ms } = await probeAgainst(startRawServer(startTlsThen((socket) => socket.destroy())), {
      security: 'starttls',
      auth: password,
    });
    expectFailure(result, 'CONNECTION_LOST', 'tls');
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports TLS_FAILED at tls when the server answers the ClientHello with a handshake_failure alert', async () => {
    const { result, ms } = await probeAgainst(
      startRawServer(afterFirstBytes((socket) => socket.end(HANDSHAKE_FAILURE_ALERT))),
      { security: 'tls', auth: password },
    );
    expectFailure(result, 'TLS_FAILED', 'tls', /^The TLS handshake failed/);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports CONNECTION_LOST at ehlo when the server closes right after its greeting', async () => {
    const server = startRawServer((socket) => socket.end('220 faults.example ESMTP\r\n'));
    const { result, ms } = await probeAgainst(server, { security: 'none' });
    expectFailure(result, 'CONNECTION_LOST', 'ehlo', /closed the connection/);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports CONNECTION_LOST at send when the server resets the connection during DATA', async () => {
    let inData = false;
    const server = startRawServer(
      scripted((line, socket) => {
        if (inData) {
          socket.resetAndDestroy();
          return undefined;
        }
        if (line.startsWith('MAIL') || line.startsWith('RCPT')) return '250 2.1.0 Ok\r\n';
        if (line !== 'DATA') return undefined;
        inData = true;
        return '354 go ahead\r\n';
      }),
    );
    const { result, ms } = await probeAgainst(server, { security: 'none', sendTo: USER });
    expectFailure(result, 'CONNECTION_LOST', 'send');
    expect(ms).toBeLessThan(MARGIN_MS);
  });
});

describe('runProbe against a server that answers garbage', () => {
  it('reports SMTP_ERROR at connect for binary bytes, showing them without control characters', async () => {
    const noise = Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x80, 0x41, 0x0d, 0x0a]);
    const { result, ms } = await probeAgainst(
      startRawServer((socket) => socket.write(noise)),
      {
        security: 'starttls',
      },
    );
    const failure = expectFailure(result, 'SMTP_ERROR', 'connect', /not an SMTP reply/);
    expect(failure?.serverReply).toBeDefined();
    expect(failure?.serverReply).not.toMatch(CONTROL);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports SMTP_ERROR at connect for a reply line without a code', async () => {
    const server = startRawServer((socket) => socket.write('Welcome to the faults.example mail service\r\n'));
    const { result } = await probeAgainst(server, { security: 'starttls' });
    const failure = expectFailure(result, 'SMTP_ERROR', 'connect', /not an SMTP reply/);
    expect(failure?.serverReply).toBe('Welcome to the faults.example mail service');
  });

  it('reports SMTP_ERROR at ehlo for an EHLO reply whose continuation line lost its code', async () => {
    const server = startRawServer(
      scripted((line) =>
        line.startsWith('EHLO') ? '250-faults.example\r\nAUTH PLAIN\r\n250 OK\r\n' : undefined,
      ),
    );
    const { result } = await probeAgainst(server, { security: 'none' });
    expect(expectFailure(result, 'SMTP_ERROR', 'ehlo', /not an SMTP reply/)?.serverReply).toBe('AUTH PLAIN');
  });

  it('reports SMTP_ERROR at ehlo for an EHLO reply that mixes reply codes', async () => {
    const server = startRawServer(
      scripted((line) => (line.startsWith('EHLO') ? '250-faults.example\r\n251 SIZE 1000\r\n' : undefined)),
    );
    const { result } = await probeAgainst(server, { security: 'none' });
    expectFailure(result, 'SMTP_ERROR', 'ehlo', /mixed reply codes/);
  });

  it('reports SMTP_ERROR at ehlo for an endless multi-line reply', async () => {
    const server = startRawServer(
      scripted((line) => (line.startsWith('EHLO') ? '250-more\r\n'.repeat(5000) : undefined)),
    );
    const { result, ms } = await probeAgainst(server, { security: 'none' });
    expectFailure(result, 'SMTP_ERROR', 'ehlo', /endless reply/);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports SMTP_ERROR at connect for a 10 MB greeting line, quickly and with a short excerpt', async () => {
    const server = startRawServer((socket) => socket.write(`220 ${'x'.repeat(TEN_MB)}\r\n`));
    const { result, ms } = await probeAgainst(server, { security: 'starttls' });
    const failure = expectFailure(result, 'SMTP_ERROR', 'connect', /overlong line/);
    expect(failure?.serverReply?.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(result).length).toBeLessThan(5000);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports SMTP_ERROR, not RATE_LIMITED, for a 10 MB greeting line that starts like a 421 4.7.0 reply', async () => {
    const server = startRawServer((socket) => socket.write(`421 4.7.0 ${'x'.repeat(TEN_MB)}\r\n`));
    const { result } = await probeAgainst(server, { security: 'starttls' });
    expectFailure(result, 'SMTP_ERROR', 'connect', /overlong line/);
  });

  it('reports SMTP_ERROR at ehlo for a 10 MB line in answer to EHLO over TLS', async () => {
    const server = startRawTlsServer((socket) => {
      socket.write('220 faults.example ESMTP\r\n');
      onLines(socket as Socket, (line) => {
        if (line.startsWith('EHLO')) socket.write(`250-${'y'.repeat(TEN_MB)}`);
      });
    });
    const { result, ms } = await probeAgainst(server, { security: 'tls' });
    const failure = expectFailure(result, 'SMTP_ERROR', 'ehlo', /overlong line/);
    expect(failure?.serverReply?.length).toBeLessThanOrEqual(200);
    expect(ms).toBeLessThan(MARGIN_MS);
  });

  it('reports SMTP_ERROR at ehlo for a garbage greeting after a good TLS handshake', async () => {
    const server = startRawTlsServer((socket) => socket.write('SSH-2.0-OpenSSH_9.6\r\n'));
    const { result } = await probeAgainst(server, { security: 'tls' });
    expect(expectFailure(result, 'SMTP_ERROR', 'ehlo')?.serverReply).toBe('SSH-2.0-OpenSSH_9.6');
  });

  // Today the reader waits for a line end, so this ends as "did not send its greeting" after the greeting
  // timeout. Refusing a line whose first bytes cannot start a reply code would say at once that the port
  // does not speak SMTP; whether that is worth a reader change is the maintainer's call.
  it('reports SMTP_ERROR at once for binary bytes without a line end, not a missing greeting', async () => {
    const { result, ms } = await probeAgainst(
      startRawServer((socket) => socket.write(Buffer.from([0x00, 0xff, 0x13, 0x37]))),
      { security: 'starttls' },
    );
    expectFailure(result, 'SMTP_ERROR', 'connect', /not an SMTP reply/);
    expect(ms).toBeLessThan(TIMEOUTS.greeting);
  });
});
