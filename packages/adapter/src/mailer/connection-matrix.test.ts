import { randomBytes } from 'node:crypto';
import type { SecureContext } from 'node:tls';
import type { BasicSettings, GoogleSettings, Security, SmtpErrorCode } from '@smtp-settings/schema';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { connectionOf, type SmtpConnection } from '../smtp/connection.js';
import { runProbe } from '../smtp/probe/run-probe.js';
import { probeTargetOf } from '../smtp/probe-target.js';
import { createTlsTrust } from '../smtp/tls-trust.js';
import { memoryStore } from '../stores/memory-store.js';
import { createMailer } from './create-mailer.js';
import { toSmtpFailure } from './to-smtp-failure.js';
import { transportOptions } from './transport-options.js';

// "Test passes exactly when sending works": for every cell below, the staged Test (runProbe with a test
// message) and a real send (createMailer for Basic settings; for OAuth the pool options of the same
// connection, since the mailer would mint tokens at a real provider) must both pass or both fail, fail
// with the same code, and log in with the same mechanism. The cells are real in-process servers:
//   auth offered (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, several in orders unlike nodemailer's, none) × login
//   required or optional × server security (SSL/TLS; STARTTLS that allows a login before TLS; STARTTLS
//   that answers AUTH before TLS with 538; none) × the client's security × certificate (private CA
//   trusted, not trusted, not trusted but allowed; self-signed, with and without the allowance) × login
//   (password, token, none) × attempt (valid, wrong secret, refused sender, refused recipient). A 530
//   comes from no login against a server that requires one. Impossible or pointless combinations are
//   left out where they arise, each with its reason.

type Mechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';
/** How the server protects its port: STARTTLS "optional" lets a client log in before TLS, "required" does not. */
type ServerSecurity = 'tls' | 'starttls-optional' | 'starttls-required' | 'none';
/** What the server presents and whether the settings trust or allow it. */
type Certificate =
  | 'private CA, trusted'
  | 'private CA, not trusted'
  | 'private CA, not trusted, allowed'
  | 'self-signed'
  | 'self-signed, allowed';
type Login = 'password' | 'xoauth2' | 'none';
/** What the client does to provoke an outcome: a 530 comes from `Login` none against a server that requires one. */
type Attempt = 'valid' | 'wrong secret' | 'refused sender' | 'refused recipient';

interface ServerKind {
  /** The mechanisms its EHLO lists; none means no AUTH at all. */
  offered: readonly Mechanism[];
  /** Whether MAIL FROM needs a login first (530), also from a server that offers none. */
  required: boolean;
  security: ServerSecurity;
  selfSigned: boolean;
}

interface Cell {
  id: number;
  server: ServerKind;
  client: Security;
  certificate: Certificate;
  login: Login;
  attempt: Attempt;
}

interface Verdict {
  ok: boolean;
  code?: SmtpErrorCode;
}

const PASSWORD = 'matrix-Pa55word-never-echo';
const TOKEN = 'ya29.matrix-access-token';
const BLOCKED_SENDER = 'blocked@example.test';
const BLOCKED_RECIPIENT = 'nobody@example.test';
const RECIPIENT = 'inbox@example.test';
const TENANT = 'matrix';
const CONCURRENCY = 24;

const OFFERS: ReadonlyArray<readonly Mechanism[]> = [
  ['PLAIN'],
  ['LOGIN'],
  ['CRAM-MD5'],
  ['XOAUTH2'],
  // Several, in orders that differ from nodemailer's preference (PLAIN, LOGIN, CRAM-MD5, XOAUTH2).
  ['LOGIN', 'PLAIN'],
  ['CRAM-MD5', 'LOGIN'],
  ['XOAUTH2', 'CRAM-MD5', 'PLAIN'],
  [],
];
const SERVER_SECURITIES: readonly ServerSecurity[] = [
  'tls',
  'starttls-optional',
  'starttls-required',
  'none',
];
const LOGINS: readonly Login[] = ['password', 'xoauth2', 'none'];
const ATTEMPTS: readonly Attempt[] = ['valid', 'wrong secret', 'refused sender', 'refused recipient'];

/** The client securities tried against a server, with why the others are left out. */
function clientsFor(security: ServerSecurity): Security[] {
  // Plain text or STARTTLS against an implicit TLS port waits for a greeting that never comes: the
  // mailer's 10 s greeting timeout against the probe's TLS sniff, both a failure; run-probe.test.ts and
  // faults.test.ts cover that case, and it would only slow this file down.
  if (security === 'tls') return ['tls'];
  return ['tls', 'starttls', 'none'];
}

/** The certificate cases of one client against one server, with why the others are left out. */
function certificatesFor(server: ServerKind, client: Security): Certificate[] {
  const handshake =
    (server.security === 'tls' && client === 'tls') ||
    (server.security.startsWith('starttls') && client === 'starttls');
  // Without a TLS handshake the certificate is never looked at: one case stands for all, on the
  // private-CA server only.
  if (!handshake) return server.selfSigned ? [] : ['private CA, trusted'];
  return server.selfSigned
    ? ['self-signed', 'self-signed, allowed']
    : ['private CA, trusted', 'private CA, not trusted', 'private CA, not trusted, allowed'];
}

function attemptsFor(login: Login, certificate: Certificate): Attempt[] {
  // OAuth settings have no "allow invalid certificate": the provider's server must present a valid one.
  if (login === 'xoauth2' && certificate.endsWith('allowed')) return [];
  // Without a login there is no secret to get wrong.
  if (login === 'none') return ATTEMPTS.filter((attempt) => attempt !== 'wrong secret');
  return [...ATTEMPTS];
}

function buildServerKinds(): ServerKind[] {
  const kinds: ServerKind[] = [];
  for (const offered of OFFERS)
    for (const required of [true, false])
      for (const security of SERVER_SECURITIES)
        for (const selfSigned of security === 'none' ? [false] : [false, true])
          kinds.push({ offered, required, security, selfSigned });
  return kinds;
}

function buildCells(kinds: readonly ServerKind[]): Cell[] {
  const cells: Cell[] = [];
  for (const server of kinds)
    for (const client of clientsFor(server.security))
      for (const certificate of certificatesFor(server, client))
        for (const login of LOGINS)
          for (const attempt of attemptsFor(login, certificate))
            cells.push({ id: cells.length, server, client, certificate, login, attempt });
  return cells;
}

const userOf = (cell: Cell) => `cell-${cell.id}@example.test`;
const serverKey = ({ offered, required, security, selfSigned }: ServerKind) =>
  `${offered.join('+') || 'no AUTH'}, login ${required ? 'required' : 'optional'}, ${security}${selfSigned ? ', self-signed' : ''}`;
const describeCell = (cell: Cell) =>
  `[${serverKey(cell.server)}] client ${cell.client}, ${cell.certificate}, login ${cell.login}, ${cell.attempt}`;

const kinds = buildServerKinds();
const cells = buildCells(kinds);
const servers = new Map<ServerKind, SmtpServerFixture>();
const secretKey = randomBytes(32).toString('base64');
const box = createSecretBox(secretKey);
const config = createSmtpConfig({
  store: memoryStore(),
  secretKey,
  logger: { warn: () => undefined, error: () => undefined },
});
let trusted: SecureContext;
let untrusted: SecureContext;

beforeAll(async () => {
  trusted = createTlsTrust(testCertificates().ca);
  untrusted = createTlsTrust();
  const users = Object.fromEntries(cells.map((cell) => [userOf(cell), PASSWORD]));
  const accessTokens = Object.fromEntries(cells.map((cell) => [userOf(cell), TOKEN]));
  await Promise.all(
    kinds.map(async (kind) => {
      const server = await startSmtpServer({
        security: kind.security === 'tls' ? 'tls' : kind.security === 'none' ? 'none' : 'starttls',
        certificate: kind.selfSigned ? 'self-signed' : 'trusted',
        users,
        accessTokens,
        authMethods: [...kind.offered],
        authOptional: !kind.required,
        allowInsecureAuth: kind.security !== 'starttls-required',
        rejectSender: { address: BLOCKED_SENDER, reply: '550 5.1.0 Sender address rejected' },
        rejectRecipient: { address: BLOCKED_RECIPIENT, reply: '550 5.1.1 Recipient address rejected' },
      });
      servers.set(kind, server);
    }),
  );
});

afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()));
});

/** What the cell's settings look like, the way an admin saves them. */
function settingsOf(cell: Cell, port: number): BasicSettings | GoogleSettings {
  const fromEmail = cell.attempt === 'refused sender' ? BLOCKED_SENDER : userOf(cell);
  if (cell.login === 'xoauth2') {
    return {
      authType: 'oauth',
      provider: 'google',
      clientId: '123456789012-matrix.apps.googleusercontent.com',
      clientSecret: 'client~Secret.matrix',
      refreshToken: '1//matrix-refresh-token',
      fromEmail,
    };
  }
  return {
    authType: 'basic',
    host: '127.0.0.1',
    port,
    security: cell.client,
    ...(cell.login === 'password' && {
      username: userOf(cell),
      password: cell.attempt === 'wrong secret' ? 'wrong-password' : PASSWORD,
    }),
    ...(cell.certificate.endsWith('allowed') && { allowInvalidCertificate: true }),
    fromEmail,
  };
}

const sendToOf = (cell: Cell) => (cell.attempt === 'refused recipient' ? BLOCKED_RECIPIENT : RECIPIENT);
const trustOf = (cell: Cell) => (cell.certificate === 'private CA, trusted' ? trusted : untrusted);
const tokenOf = (cell: Cell) => (cell.attempt === 'wrong secret' ? 'ya29.some-other-token' : TOKEN);

/** The connection of the cell's settings, as the Test route and the mailer make it; an OAuth cell's provider is its server. */
function connectionFor(cell: Cell, port: number): SmtpConnection {
  const settings = settingsOf(cell, port);
  return connectionOf(settings, {
    tls: { secureContext: trustOf(cell) },
    ...(settings.authType === 'oauth' && {
      oauth: {
        endpoint: { host: '127.0.0.1', port, security: cell.client },
        account: userOf(cell),
        accessToken: async () => ({ accessToken: tokenOf(cell) }),
      },
    }),
  });
}

function verdictOf(error: unknown): Verdict {
  return { ok: false, code: toSmtpFailure(error, 587).code };
}

/** The staged Test of the cell's settings, with a real test message. */
async function testVerdict(cell: Cell, port: number): Promise<Verdict> {
  const target = probeTargetOf(connectionFor(cell, port), { sendTo: sendToOf(cell) });
  const result = await runProbe(target, {
    timeouts: { connect: 3000, greeting: 3000, command: 5000, total: 10_000 },
  });
  return result.ok ? { ok: true } : { ok: false, ...(result.failure && { code: result.failure.code }) };
}

/** A real send with the cell's settings: through a mailer for Basic, through the same pool options for OAuth. */
async function sendVerdict(cell: Cell, port: number): Promise<Verdict> {
  const settings = settingsOf(cell, port);
  const message = { to: sendToOf(cell), subject: 'Matrix', text: describeCell(cell) };
  if (settings.authType === 'oauth') {
    const transporter = nodemailer.createTransport(transportOptions(connectionFor(cell, port)));
    try {
      await transporter.sendMail({ ...message, from: settings.fromEmail });
      return { ok: true };
    } catch (error) {
      return verdictOf(error);
    } finally {
      transporter.close();
    }
  }
  const store = memoryStore();
  await store.put(TENANT, sealed(settings), 0);
  // The configuration as createSmtpConfig makes it, with this cell's store and trust (built once per kind).
  const mailer = createMailer({
    config: { ...config, store, tlsTrust: trustOf(cell) },
    tenant: TENANT,
    retry: { attempts: 2, baseDelayMs: 5 },
  });
  try {
    await mailer.send(message);
    return { ok: true };
  } catch (error) {
    return verdictOf(error);
  } finally {
    await mailer.close();
  }
}

/** The settings as `PUT /settings` saves them, the password sealed. */
function sealed(settings: BasicSettings) {
  const { password, ...rest } = settings;
  return {
    settings: {
      ...rest,
      ...(password !== undefined && { password: box.seal(password, { tenant: TENANT, field: 'password' }) }),
    },
    updatedAt: new Date().toISOString(),
    updatedBy: 'admin',
    changedFields: Object.keys(settings),
  };
}

interface Row {
  cell: Cell;
  test: Verdict;
  send: Verdict;
  testLogins: string[];
  sendLogins: string[];
}

async function runCell(cell: Cell): Promise<Row> {
  const server = servers.get(cell.server) as SmtpServerFixture;
  const loginsOf = () =>
    server.logins.filter((login) => login.user === userOf(cell)).map((login) => login.method);
  const test = await testVerdict(cell, server.port);
  const testLogins = loginsOf();
  const send = await sendVerdict(cell, server.port);
  return { cell, test, send, testLogins, sendLogins: loginsOf().slice(testLogins.length) };
}

async function runAll(): Promise<Row[]> {
  const rows: Row[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cells.length) {
      const cell = cells[next++] as Cell;
      rows.push(await runCell(cell));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return rows.sort((a, b) => a.cell.id - b.cell.id);
}

const show = (verdict: Verdict) => (verdict.ok ? 'pass' : `fail ${verdict.code}`);

describe('Test and send agree', () => {
  it('for every cell of auth × security × certificate × outcome', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const rows = await runAll();
    const disagreements = rows.filter((row) => row.test.ok !== row.send.ok);
    const otherCodes = rows.filter((row) => !row.test.ok && !row.send.ok && row.test.code !== row.send.code);
    // The Test logs in exactly as the mailer does: a server that sees both sees the same mechanism.
    const otherMechanisms = rows.filter(
      (row) =>
        row.testLogins.length > 0 && row.sendLogins.length > 0 && row.testLogins[0] !== row.sendLogins[0],
    );
    const outcomes = new Map<string, number>();
    for (const row of rows) {
      const key = row.test.ok === row.send.ok ? show(row.send) : 'DISAGREE';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const lines = [
      `Connection matrix: ${rows.length} cells on ${kinds.length} servers in ${Math.round(performance.now() - started)} ms`,
      `  disagreements (one passes, the other fails): ${disagreements.length}`,
      `  both fail with different codes: ${otherCodes.length}`,
      `  logged in with different mechanisms: ${otherMechanisms.length}`,
      ...[...outcomes]
        .sort((a, b) => b[1] - a[1])
        .map(([key, count]) => `  ${String(count).padStart(5)}  ${key}`),
      ...[...disagreements, ...otherCodes, ...otherMechanisms].map(
        (row) =>
          `  ${describeCell(row.cell)}: Test ${show(row.test)} [${row.testLogins}], send ${show(row.send)} [${row.sendLogins}]`,
      ),
    ];
    console.log(lines.join('\n'));
    // The matrix must reach every outcome and mechanism it claims to, or it proves less than it says.
    expect([...outcomes.keys()]).toEqual(
      expect.arrayContaining([
        'pass',
        'fail AUTH_FAILED',
        'fail AUTH_REQUIRED',
        'fail SENDER_REJECTED',
        'fail RECIPIENT_REJECTED',
        'fail AUTH_MECH_UNSUPPORTED',
        'fail TLS_CERT_INVALID',
        'fail TLS_WRONG_MODE',
      ]),
    );
    expect(new Set(rows.flatMap((row) => row.sendLogins))).toEqual(
      new Set(['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2']),
    );
    expect(disagreements.map((row) => describeCell(row.cell))).toEqual([]);
    expect(otherCodes.map((row) => describeCell(row.cell))).toEqual([]);
    expect(otherMechanisms.map((row) => describeCell(row.cell))).toEqual([]);
  });
});
