/**
 * SMTP servers for tests on loopback, 127.0.0.1 and a free port unless told otherwise: a real
 * `smtp-server` in each security mode, a raw TCP server to script misbehaving ones, a port that refuses
 * connections; the test CA they present comes from `test-certificates.ts`.
 *
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { TlsOptions } from 'node:tls';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';
import { testCertificates } from './test-certificates.js';

// Most TLS tests import the CA from here, next to the servers that present its certificates.
export { type TestCertificates, testCertificates } from './test-certificates.js';

/** How to refuse an address, e.g. `{ reply: '554 5.2.252 SendAsDenied; …' }`. */
export interface Rejection {
  /** Refuse only this address (case-insensitive); every address when omitted. */
  address?: string;
  /** The full reply line: code, optional enhanced code, text. */
  reply: string;
}

/** What {@link startSmtpServer} sets up. */
export interface SmtpServerFixtureOptions {
  /** The loopback address to listen on, such as `127.0.0.2` for a second server; `127.0.0.1` by default. */
  host?: string;
  /** The port to listen on; a free one by default. */
  port?: number;
  /** `tls`: TLS from the first byte; `starttls`: plain text offering STARTTLS; `none`: plain text without STARTTLS. */
  security: 'tls' | 'starttls' | 'none';
  /** Accounts for AUTH PLAIN, LOGIN and CRAM-MD5, user name → password; with any account a login is required. */
  users?: Record<string, string>;
  /** Accounts for AUTH XOAUTH2, user name → the one access token accepted. */
  accessTokens?: Record<string, string>;
  /** Refuse a wrong XOAUTH2 token at once with this reply (e.g. Microsoft's `535 5.7.3 …`) instead of the bearer challenge. */
  refuseXoauth2?: string;
  /** Mechanisms to offer, in this order; defaults to PLAIN and LOGIN with `users`, plus XOAUTH2 with `accessTokens`. */
  authMethods?: Array<'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2'>;
  /**
   * Whether mail is accepted without a login; by default only when there are no accounts. Required with
   * no `authMethods`, the server offers no AUTH yet answers MAIL FROM with 530.
   */
  authOptional?: boolean;
  /** Allow AUTH before TLS, as a `security: 'none'` server with accounts needs. */
  allowInsecureAuth?: boolean;
  /** The certificate to present: signed by the test CA (default) or self-signed. */
  certificate?: 'trusted' | 'self-signed';
  /** Refuse MAIL FROM with this reply. */
  rejectSender?: Rejection;
  /** Refuse RCPT TO with this reply. */
  rejectRecipient?: Rejection;
  /** Wait this long before greeting each connection, in ms: a distant server's TCP, TLS and greeting time. */
  connectDelayMs?: number;
  /** Wait this long before accepting each message, in ms (or as long as the function says, each time), so a test can catch sends in flight. */
  acceptDelayMs?: number | (() => number);
  /** Called with each message once it is received, before the server answers it: the client still waits for the reply. */
  onReceived?: (message: ReceivedMessage) => void;
}

/** A message the server accepted. */
export interface ReceivedMessage {
  /** MAIL FROM address. */
  from: string;
  /** RCPT TO addresses. */
  to: string[];
  /** The user name the client logged in with, if it did. */
  user?: string;
  /** The message source as received (CRLF line ends, dot-stuffing undone). */
  raw: string;
}

/** A login a client attempted. */
export interface LoginAttempt {
  /** The SASL mechanism, e.g. `CRAM-MD5`. */
  method: string;
  /** The user name it logged in as. */
  user: string;
  /** Whether the server let it in. */
  accepted: boolean;
}

/** A running test SMTP server. */
export interface SmtpServerFixture {
  /** The address it listens on: `127.0.0.1` unless told otherwise. */
  host: string;
  /** The port it listens on. */
  port: number;
  /** Messages it accepted, in order. */
  messages: ReceivedMessage[];
  /** Logins it was asked for (once the mechanism was accepted), in order. */
  logins: LoginAttempt[];
  /** How many connections it accepted. */
  readonly connections: number;
  /** How many connections are open now. */
  readonly openConnections: number;
  /** The most connections that were open at the same time. */
  readonly peakConnections: number;
  /** Stops it and ends open connections. */
  close(): Promise<void>;
}

/** A running raw TCP server. */
export interface RawServerFixture {
  /** Always `127.0.0.1`. */
  host: string;
  /** The port it listens on. */
  port: number;
  /** How many connections it accepted. */
  readonly connections: number;
  /** Destroys open connections and stops it. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/**
 * Starts an in-process `smtp-server` on 127.0.0.1 (or `host`) and a free port (or `port`) that
 * captures what it accepts.
 *
 * @example
 * const server = await startSmtpServer({ security: 'starttls', users: { 'user@example.test': 'secret' } });
 * try {
 *   const secureContext = createTlsTrust(testCertificates().ca);
 *   await runProbe({ host: server.host, port: server.port, security: 'starttls', secureContext, ... });
 *   expect(server.messages).toHaveLength(1);
 * } finally {
 *   await server.close();
 * }
 */
export async function startSmtpServer(options: SmtpServerFixtureOptions): Promise<SmtpServerFixture> {
  const { users = {}, accessTokens = {}, security } = options;
  const hasAccounts = Object.keys(users).length + Object.keys(accessTokens).length > 0;
  const authMethods = options.authMethods ?? [
    ...(Object.keys(users).length > 0 ? (['PLAIN', 'LOGIN'] as const) : []),
    ...(Object.keys(accessTokens).length > 0 ? (['XOAUTH2'] as const) : []),
  ];
  const authOptional = options.authOptional ?? !hasAccounts;
  const pems = testCertificates();
  const selfSigned = options.certificate === 'self-signed';
  const messages: ReceivedMessage[] = [];
  const logins: LoginAttempt[] = [];
  let connections = 0;
  // Counted by session, as a session that closes before onConnect ran was never counted open.
  const open = new Set<string>();
  let peak = 0;

  // smtp-server's types extend a default import of node:tls that this tsconfig (no esModuleInterop) cannot see.
  const serverOptions: SMTPServerOptions & TlsOptions = {
    secure: security === 'tls',
    key: selfSigned ? pems.selfSignedKey : pems.key,
    cert: selfSigned ? pems.selfSignedCert : pems.cert,
    name: 'localhost',
    banner: 'smtp-settings test server',
    size: 10 * 1024 * 1024,
    authMethods,
    authOptional,
    allowInsecureAuth: options.allowInsecureAuth ?? false,
    // smtp-server would offer LOGIN and PLAIN for an empty list: a server that offers none has no AUTH.
    disabledCommands: [
      ...(security === 'none' ? ['STARTTLS'] : []),
      ...(authMethods.length === 0 ? ['AUTH'] : []),
    ],
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 10_000,
    closeTimeout: 200,
    onConnect(session, callback) {
      connections += 1;
      open.add(session.id);
      peak = Math.max(peak, open.size);
      if (options.connectDelayMs) setTimeout(callback, options.connectDelayMs);
      else callback();
    },
    onClose(session) {
      open.delete(session.id);
    },
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      const log = (accepted: boolean) => logins.push({ method: auth.method, user, accepted });
      if (auth.method === 'XOAUTH2') {
        const accepted = accessTokens[user] !== undefined && auth.accessToken === accessTokens[user];
        log(accepted);
        if (accepted) callback(null, { user });
        else if (options.refuseXoauth2 !== undefined) callback(replyError(options.refuseXoauth2));
        else callback(null, { data: { status: '401', schemes: 'bearer' } });
        return;
      }
      const password = users[user];
      // CRAM-MD5 never sends the password; the server checks the client's digest against it.
      const accepted =
        password !== undefined &&
        (auth.method === 'CRAM-MD5' ? auth.validatePassword(password) : auth.password === password);
      log(accepted);
      if (accepted) callback(null, { user });
      else callback(replyError('535 5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(address, session, callback) {
      // What smtp-server answers a client that did not log in, which it cannot do with AUTH disabled.
      if (!authOptional && authMethods.length === 0 && !session.user) {
        callback(replyError('530 5.7.0 Authentication required'));
        return;
      }
      callback(rejectionFor(options.rejectSender, address));
    },
    onRcptTo(address, _session, callback) {
      callback(rejectionFor(options.rejectRecipient, address));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        const message: ReceivedMessage = {
          from: mailFrom ? mailFrom.address : '',
          to: rcptTo.map(({ address }) => address),
          ...(typeof session.user === 'string' && { user: session.user }),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        messages.push(message);
        options.onReceived?.(message);
        const accept = () => callback(null, `OK queued as test-${messages.length}`);
        const { acceptDelayMs } = options;
        const delay = typeof acceptDelayMs === 'function' ? acceptDelayMs() : acceptDelayMs;
        if (delay) setTimeout(accept, delay);
        else accept();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  // A client the tests drop on purpose makes the server emit errors that are not failures of the test.
  server.on('error', () => undefined);
  const host = options.host ?? HOST;
  const port = await listen(server.server, () => server.listen(options.port ?? 0, host));
  return {
    host,
    port,
    messages,
    logins,
    get connections() {
      return connections;
    },
    get openConnections() {
      return open.size;
    },
    get peakConnections() {
      return peak;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts a bare TCP server on 127.0.0.1 that hands each connection to `onConnection`, for servers
 * that never greet, stall, drop the connection or answer garbage.
 *
 * @example
 * const silent = await startRawServer(() => undefined); // accepts and never greets
 * const dropper = await startRawServer((socket) => {
 *   socket.write('220 ready\r\n');
 *   onLines(socket, (line) => (line.startsWith('AUTH') ? socket.destroy() : socket.write('250 ok\r\n')));
 * });
 */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<RawServerFixture> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
    // A socket nobody reads never sees the client's FIN and would stay open until close().
    if (socket.listenerCount('data') === 0) socket.resume();
  });
  const port = await listen(server, () => server.listen(0, HOST));
  return {
    host: HOST,
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Calls `onLine` with each line (without CRLF) a client sends on `socket`. */
export function onLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\r\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

/**
 * A port on 127.0.0.1 that refuses connections: bound to find a free one, then closed.
 *
 * @example
 * const port = await refusedPort(); // connecting now fails with ECONNREFUSED
 */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, () => server.listen(0, HOST));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A header of a raw message with RFC 2047 encoded words decoded, or `undefined` when missing. */
export function decodedHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded
    .split(/\r?\n/)
    .find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_word, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_hex, code: string) =>
                String.fromCharCode(Number.parseInt(code, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

function listen(server: Server, start: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
    start();
  });
}

function replyError(reply: string): Error & { responseCode: number } {
  const [, code = '550', text = ''] = /^(\d{3})\s*(.*)$/.exec(reply) ?? [];
  return Object.assign(new Error(text), { responseCode: Number(code) });
}

function rejectionFor(rejection: Rejection | undefined, { address }: SMTPServerAddress): Error | null {
  if (!rejection) return null;
  if (rejection.address !== undefined && rejection.address.toLowerCase() !== address.toLowerCase())
    return null;
  return replyError(rejection.reply);
}
