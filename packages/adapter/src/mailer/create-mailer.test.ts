import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsOptions } from 'node:tls';
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerError,
  type SMTPServerOptions,
} from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { testCertificates } from '../../test/smtp-server-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import type { Logger } from '../options.js';
import type { ProvidersOptions } from '../providers/resolve-providers.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore, SettingsWrite } from '../stores/store.js';
import { createMailer, type Mailer, type MailerOptions } from './create-mailer.js';
import { MailerNotConfiguredError } from './mailer-not-configured-error.js';

const TENANT = 'acme';
const USER = 'mailer@example.com';
const SECRETS = {
  password: 'pa55-Word!never-echo',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '0.ARefresh-Token-never-echo.xyz',
};
const FAST_RETRY = { attempts: 3, baseDelayMs: 5 };
/** What a file and a URL a message points at hold; none of it may be mailed. */
const FILE_CONTENT = 'file-content-the-mailer-must-never-read-7f3a';

/** An in-process SMTP server that records logins, recipients and connections, which the shared fixture does not. */
interface TestServer {
  port: number;
  messages: Array<{ from: string; to: string[]; raw: string }>;
  rcptAttempts: string[];
  logins: Array<{ method: string; user: string | undefined; accepted: boolean }>;
  connections: number;
  closed: number;
  /** Closes every open session from the server side, as an idle timeout would. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface ServerOptions {
  /** Presents a self-signed certificate instead of one signed by the test CA. */
  selfSigned?: boolean;
  /** Accepts PLAIN/LOGIN with USER and this password. */
  password?: string;
  /** Accepts XOAUTH2 when this says yes. */
  acceptToken?: (token: string, user: string | undefined) => boolean;
  /** Refuses the n-th RCPT TO (from 1) with the returned reply, or accepts it. */
  onRcpt?: (attempt: number) => { code: number; message: string } | undefined;
}

const servers: TestServer[] = [];

async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const state = { messages: [], rcptAttempts: [], logins: [], connections: 0, closed: 0 } as Omit<
    TestServer,
    'port' | 'dropConnections' | 'close'
  >;
  const requiresAuth = options.password !== undefined || options.acceptToken !== undefined;
  const pems = testCertificates();
  // smtp-server's types lose the TlsOptions they extend under NodeNext; restate them.
  const serverOptions: SMTPServerOptions & TlsOptions = {
    key: options.selfSigned ? pems.selfSignedKey : pems.key,
    cert: options.selfSigned ? pems.selfSignedCert : pems.cert,
    logger: false,
    closeTimeout: 50,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    authOptional: !requiresAuth,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onClose() {
      state.closed += 1;
    },
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const accepted = options.acceptToken?.(auth.accessToken ?? '', auth.username) ?? false;
        state.logins.push({ method: auth.method, user: auth.username, accepted });
        if (accepted) return callback(null, { user: auth.username });
        return callback(null, { data: { status: '401', schemes: 'bearer' } });
      }
      const accepted = auth.username === USER && auth.password === options.password;
      state.logins.push({ method: auth.method, user: auth.username, accepted });
      if (accepted) return callback(null, { user: USER });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      state.rcptAttempts.push(address.address);
      const refusal = options.onRcpt?.(state.rcptAttempts.length);
      if (!refusal) return callback();
      const error: SMTPServerError = new Error(refusal.message);
      error.responseCode = refusal.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        state.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const testServer: TestServer = Object.assign(state, {
    port: typeof address === 'object' && address ? address.port : 0,
    dropConnections: () => {
      for (const connection of server.connections) connection.close();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  servers.push(testServer);
  return testServer;
}

const secretKey = randomBytes(32).toString('base64');
const box = createSecretBox(secretKey);
const lines: string[] = [];
const logger: Logger = {
  error: (message, details) => lines.push(`${message} ${JSON.stringify(details ?? {})}`),
  warn: (message, details) => lines.push(`${message} ${JSON.stringify(details ?? {})}`),
};
const mailers: Mailer[] = [];

/** The settings as `PUT /settings` writes them: secret fields sealed, unset fields left out. */
function sealedWrite(settings: Record<string, unknown>): SettingsWrite {
  const sealed = Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) =>
      ['password', 'clientSecret', 'refreshToken'].includes(field)
        ? [field, box.seal(String(value), { tenant: TENANT, field })]
        : [field, value],
    );
  return {
    settings: Object.fromEntries(sealed),
    updatedAt: new Date().toISOString(),
    updatedBy: 'admin',
    changedFields: Object.keys(settings),
  };
}

/** Saves the settings as the next version. */
async function save(store: SettingsStore, settings: Record<string, unknown>) {
  const current = await store.get(TENANT);
  return store.put(TENANT, sealedWrite(settings), current?.version ?? 0);
}

function basicSettings(server: TestServer, overrides: Record<string, unknown> = {}) {
  return {
    authType: 'basic',
    host: '127.0.0.1',
    port: server.port,
    security: 'starttls',
    username: USER,
    password: SECRETS.password,
    fromEmail: 'notifications@example.com',
    fromName: 'Example App',
    ...overrides,
  };
}

function mailerFor(store: SettingsStore, options: Partial<MailerOptions> = {}): Mailer {
  const mailer = createMailer({
    store,
    secretKey,
    tenant: TENANT,
    logger,
    retry: FAST_RETRY,
    smtpTls: { ca: testCertificates().ca },
    ...options,
  });
  mailers.push(mailer);
  return mailer;
}

/** Every thrown error's message, hint, reply and cause message, for the secret scan. */
const thrownTexts: string[] = [];
/** The OAuth mocks of this file, whose issued tokens the secret scan also looks for. */
const oauthMocks: OAuthMock[] = [];

/** What a failed call threw, kept for the secret scan. */
async function thrown(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  const failure = error as Error & Partial<SmtpFailure>;
  thrownTexts.push(failure.message, String(failure.hint), String(failure.serverReply));
  if (failure.cause instanceof Error) thrownTexts.push(failure.cause.message);
  return failure;
}

const message = (n = 1) => ({
  to: 'qa-lead@example.com',
  subject: `Test case TC-${n} was updated`,
  text: `Test case TC-${n} was updated.`,
});

afterEach(async () => {
  await Promise.all(mailers.splice(0).map((mailer) => mailer.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('createMailer with Basic settings', () => {
  it('sends 200 messages through at most 5 pooled connections, all from the saved sender', async () => {
    const server = await startServer({ password: SECRETS.password });
    const store = memoryStore();
    await save(store, basicSettings(server));
    const mailer = mailerFor(store);

    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => mailer.send(message(n))));

    expect(server.messages).toHaveLength(200);
    expect(results.every((result) => result.accepted.length === 1)).toBe(true);
    expect(server.connections).toBeLessThanOrEqual(5);
    for (const received of server.messages) {
      expect(received.from).toBe('notifications@example.com');
      expect(received.raw).toMatch(/^From: Example App <notifications@example\.com>$/m);
    }
    expect(server.logins.every((login) => login.accepted && login.user === USER)).toBe(true);
  });

  it('uses the new settings on the next send after a new version is saved, and closes the old pool', async () => {
    const first = await startServer({ password: SECRETS.password });
    const second = await startServer();
    const store = memoryStore();
    await save(store, basicSettings(first));
    const mailer = mailerFor(store);
    await mailer.send(message(1));

    await save(
      store,
      basicSettings(second, { username: undefined, password: undefined, fromName: 'Renamed App' }),
    );
    await mailer.send(message(2));

    expect(first.messages).toHaveLength(1);
    expect(second.messages).toHaveLength(1);
    expect(second.messages[0]?.raw).toMatch(/^From: Renamed App <notifications@example\.com>$/m);
    expect(second.logins).toEqual([]);
    await expect.poll(() => first.closed).toBe(first.connections);
  });

  it('refuses a message that sets its own sender', async () => {
    const server = await startServer({ password: SECRETS.password });
    const store = memoryStore();
    await save(store, basicSettings(server));
    const mailer = mailerFor(store);

    const error = await thrown(mailer.send({ ...message(), from: 'ceo@example.com' } as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/Do not set "from"/);
    expect(error.message).not.toContain('ceo@example.com');
    await expect(mailer.send({ ...message(), headers: { From: 'ceo@example.com' } })).rejects.toThrow(
      /From header/,
    );
    expect(server.connections).toBe(0);
  });

  it('reads no file or URL a message points at, says to give content, and mails nothing of it', async () => {
    const server = await startServer({ password: SECRETS.password });
    const store = memoryStore();
    await save(store, basicSettings(server));
    const mailer = mailerFor(store);
    const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-mailer-'));
    const file = join(dir, 'token.txt');
    writeFileSync(file, FILE_CONTENT);
    const fetched: string[] = [];
    const web = createServer((request, response) => {
      fetched.push(request.url ?? '');
      response.end(FILE_CONTENT);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/token`;
    try {
      for (const pointer of [
        { text: { path: '/etc/passwd' } },
        { html: { href: url } },
        { attachments: [{ filename: 'token.txt', path: file }] },
        { attachments: [{ href: url }] },
        { alternatives: [{ contentType: 'text/x-note', path: file }] },
        { icalEvent: { path: file } },
        { amp: { href: url } },
        { watchHtml: { path: file } },
        // The transport's setting wins over the message's.
        { disableFileAccess: false, disableUrlAccess: false, attachments: [{ path: file }, { href: url }] },
      ]) {
        const error = await thrown(mailer.send({ ...message(), ...pointer }));
        expect(error, JSON.stringify(pointer)).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(/^The mailer reads no files or URLs: .* as `content`/);
        expect(error.message).not.toContain(dir);
      }
      await mailer.send({
        ...message(),
        attachments: [
          { filename: 'steps.txt', content: 'Step 3 changed.' },
          { filename: 'inline.txt', path: 'data:text/plain;base64,U3RlcCA0IHRvby4=' },
        ],
      });
    } finally {
      web.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(fetched).toEqual([]);
    expect(server.messages).toHaveLength(1);
    const [sent] = server.messages;
    expect(sent?.raw).toContain(Buffer.from('Step 3 changed.').toString('base64'));
    expect(sent?.raw).toContain('U3RlcCA0IHRvby4=');
    expect(sent?.raw).not.toContain(FILE_CONTENT);
    expect(sent?.raw).not.toContain(Buffer.from(FILE_CONTENT).toString('base64'));
  });

  it('refuses a header that could inject another, before connecting', async () => {
    const server = await startServer({ password: SECRETS.password });
    const store = memoryStore();
    await save(store, basicSettings(server));
    const mailer = mailerFor(store);
    for (const headers of [
      { 'X-Note': { prepared: true, value: 'ok\r\nFrom: ceo@example.com' } },
      { 'Sender ': 'ceo@example.com' },
      { ' return-path': 'ceo@example.com' },
      { 'X-Note\r\nFrom': 'ceo@example.com' },
    ]) {
      const error = await thrown(mailer.send({ ...message(), headers }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).not.toContain('ceo@example.com');
    }
    expect(server.connections).toBe(0);
    expect(server.messages).toEqual([]);
  });

  it('throws a 5xx recipient rejection at once as RECIPIENT_REJECTED', async () => {
    const server = await startServer({
      password: SECRETS.password,
      onRcpt: () => ({ code: 550, message: '5.1.1 No such user here' }),
    });
    const store = memoryStore();
    await save(store, basicSettings(server));

    const error = await thrown(mailerFor(store).send(message()));

    expect(error).toBeInstanceOf(SmtpFailure);
    expect(error).toMatchObject({ code: 'RECIPIENT_REJECTED', stage: 'envelope', transient: false });
    expect((error as SmtpFailure).serverReply).toMatch(/^550/);
    expect(server.rcptAttempts).toHaveLength(1);
  });

  it('retries a transient 451 and then delivers', async () => {
    const server = await startServer({
      password: SECRETS.password,
      onRcpt: (attempt) => (attempt === 1 ? { code: 451, message: '4.3.0 Try again later' } : undefined),
    });
    const store = memoryStore();
    await save(store, basicSettings(server));
    lines.length = 0;

    await mailerFor(store).send(message());

    expect(server.rcptAttempts).toHaveLength(2);
    expect(server.messages).toHaveLength(1);
    expect(lines.some((line) => line.includes('trying again') && line.includes('"attempt":1'))).toBe(true);
  });

  it('gives up on a transient failure after the configured attempts', async () => {
    const server = await startServer({
      password: SECRETS.password,
      onRcpt: () => ({ code: 451, message: '4.3.0 Try again later' }),
    });
    const store = memoryStore();
    await save(store, basicSettings(server));

    const error = await thrown(mailerFor(store, { retry: { attempts: 2, baseDelayMs: 1 } }).send(message()));

    expect(error).toMatchObject({ code: 'SMTP_ERROR', transient: true });
    expect(server.rcptAttempts).toHaveLength(2);
  });

  it('refuses a store that cannot save a rotated refresh token, when it is created', () => {
    const { rotateSecret: _none, ...store } = memoryStore();
    expect(() => createMailer({ store: store as never, secretKey })).toThrow(
      /rotateSecret\(tenant, rotation, version\)/,
    );
  });

  it('throws MailerNotConfiguredError while no settings are saved', async () => {
    const error = await thrown(mailerFor(memoryStore()).send(message()));
    expect(error).toBeInstanceOf(MailerNotConfiguredError);
    expect(error).toMatchObject({ code: 'NOT_CONFIGURED', tenant: TENANT });
    expect(error.message).toMatch(/No SMTP settings are saved for tenant "acme"/);
  });

  it('verifies the connection and login, and classifies a wrong password as AUTH_FAILED', async () => {
    const server = await startServer({ password: SECRETS.password });
    const store = memoryStore();
    await save(store, basicSettings(server));
    await expect(mailerFor(store).verify()).resolves.toBeUndefined();

    await save(store, basicSettings(server, { password: 'wrong-Password-never-echo' }));
    const error = await thrown(mailerFor(store).verify());
    expect(error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
    expect(error.message).not.toContain('wrong-Password-never-echo');
  });

  it('connects without logging in when no username is saved', async () => {
    const server = await startServer();
    const store = memoryStore();
    await save(store, basicSettings(server, { username: undefined, password: undefined }));

    await mailerFor(store).send(message());
    expect(server.logins).toEqual([]);
    expect(server.messages).toHaveLength(1);
  });

  it('refuses an untrusted certificate unless the settings allow it', async () => {
    const server = await startServer({ password: SECRETS.password, selfSigned: true });
    const store = memoryStore();
    await save(store, basicSettings(server));

    const error = await thrown(mailerFor(store).send(message()));
    expect(error).toMatchObject({ code: 'TLS_CERT_INVALID', stage: 'tls' });

    await save(store, basicSettings(server, { allowInvalidCertificate: true }));
    await mailerFor(store).send(message());
    expect(server.messages).toHaveLength(1);
  });
});

describe('createMailer with OAuth settings', () => {
  let google: OAuthMock;
  let microsoft: OAuthMock;
  let providers: (server: TestServer) => ProvidersOptions;

  beforeAll(async () => {
    google = await startOAuthMock({ rotateRefreshToken: false });
    microsoft = await startOAuthMock({ rotateRefreshToken: true });
    oauthMocks.push(google, microsoft);
    const smtp = (server: TestServer) => ({
      host: '127.0.0.1',
      port: server.port,
      security: 'starttls' as const,
    });
    providers = (server) => ({
      google: { ...google.googleOptions(), smtp: smtp(server) },
      microsoft: { ...microsoft.microsoftOptions(), smtp: smtp(server) },
    });
  });
  afterAll(async () => {
    await google.stop();
    await microsoft.stop();
  });
  afterEach(() => {
    google.accept();
    microsoft.accept();
  });

  const googleSettings = {
    authType: 'oauth',
    provider: 'google',
    clientId: '123456789012-abc123def456.apps.googleusercontent.com',
    clientSecret: SECRETS.clientSecret,
    refreshToken: SECRETS.refreshToken,
    fromEmail: 'notifications@example.com',
    fromName: 'Example App',
  };
  const microsoftSettings = {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    clientSecret: SECRETS.clientSecret,
    tenantId: 'contoso.onmicrosoft.com',
    refreshToken: SECRETS.refreshToken,
    fromEmail: 'notifications@contoso.com',
  };

  /** A fake clock for the token cache, so a cached token can be made to expire. */
  function clock() {
    let offset = 0;
    return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
  }

  describe('Google', () => {
    it('logs in with XOAUTH2 as the From Email using the token Google issued', async () => {
      const server = await startServer({ acceptToken: (token) => token === google.latestAccessToken() });
      const store = memoryStore();
      await save(store, googleSettings);
      const before = google.requests.length;

      await mailerFor(store, { providers: providers(server) }).send(message());

      expect(server.messages).toHaveLength(1);
      expect(server.logins).toEqual([
        { method: 'XOAUTH2', user: 'notifications@example.com', accepted: true },
      ]);
      expect(google.requests.length - before).toBe(1);
      expect(google.requests.at(-1)).toMatchObject({ refreshToken: SECRETS.refreshToken });
    });

    it('renews an expired access token with exactly one request for 20 concurrent sends', async () => {
      const server = await startServer({
        acceptToken: (token) => google.issued.some((t) => t.accessToken === token),
      });
      const store = memoryStore();
      await save(store, googleSettings);
      const time = clock();
      const mailer = mailerFor(store, { providers: providers(server), clock: time.now });
      // Token lifetimes follow the real clock, so the first token is made short-lived and the mailer's clock moves past it.
      google.issueExpiringIn(120);
      await mailer.send(message(0));
      google.issueExpiringIn(3600);
      const before = google.requests.length;

      time.advance(61_000);
      await Promise.all(Array.from({ length: 20 }, (_, n) => mailer.send(message(n + 1))));

      expect(google.requests.length - before).toBe(1);
      expect(server.messages).toHaveLength(21);
    });

    it('gets a new token once and retries once when the server refuses the cached one', async () => {
      const server = await startServer({ acceptToken: (token) => token === google.latestAccessToken() });
      const store = memoryStore();
      await save(store, googleSettings);
      const mailer = mailerFor(store, { providers: providers(server) });
      await mailer.send(message(1));
      // Another client redeems the grant, so only its newer token is accepted from now on.
      await fetch(google.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'other' }),
      });
      server.dropConnections();
      await expect.poll(() => server.closed).toBe(server.connections);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = google.requests.length;

      await mailer.send(message(2));

      expect(server.messages).toHaveLength(2);
      expect(google.requests.length - before).toBe(1);
      expect(server.logins.map((login) => login.accepted)).toEqual([true, false, false, true]);
    });

    it('says TOKEN_REVOKED with "Get a new refresh token" when Google answers invalid_grant', async () => {
      const server = await startServer({ acceptToken: () => true });
      const store = memoryStore();
      await save(store, googleSettings);
      google.refuse(() => ({
        body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
      }));
      const before = google.requests.length;

      const error = await thrown(mailerFor(store, { providers: providers(server) }).send(message()));

      expect(error).toBeInstanceOf(SmtpFailure);
      expect(error).toMatchObject({ code: 'TOKEN_REVOKED', stage: 'auth', hint: 'Get a new refresh token.' });
      expect(google.requests.length - before).toBe(1);
      expect(server.connections).toBe(0);
    });
  });

  describe('Microsoft', () => {
    it('sends through MSAL tokens and saves the rotated refresh token, sealed, without a new version or rebuilding the pool', async () => {
      const server = await startServer({ acceptToken: (token) => token === microsoft.latestAccessToken() });
      const store = memoryStore();
      await save(store, microsoftSettings);
      const time = clock();
      const mailer = mailerFor(store, { providers: providers(server), clock: time.now });

      microsoft.issueExpiringIn(120);
      await mailer.send(message(1));
      microsoft.issueExpiringIn(3600);
      const rotated = microsoft.issued.at(-1)?.refreshToken as string;
      const saved = await store.get(TENANT);
      expect(saved).toMatchObject({ version: 1, revision: 2, updatedBy: 'admin' });
      expect(saved?.settings.refreshToken).not.toContain(rotated);
      expect(
        box.open(saved?.settings.refreshToken as string, { tenant: TENANT, field: 'refreshToken' }),
      ).toBe(rotated);
      expect((await store.audit(TENANT))[0]).toMatchObject({
        action: 'rotation',
        version: 1,
        actor: 'smtp-settings mailer (refresh token rotation)',
        changedFields: ['refreshToken'],
      });

      await mailer.send(message(2));
      expect(server.closed).toBe(0);

      time.advance(61_000);
      await mailer.send(message(3));
      expect(microsoft.requests.at(-1)?.refreshToken).toBe(rotated);
      expect(await store.get(TENANT)).toMatchObject({ version: 1, revision: 3 });
      expect(server.messages).toHaveLength(3);
      expect(server.logins.every((login) => login.user === 'notifications@contoso.com')).toBe(true);
    });

    it('drops a rotated refresh token with a warning when the admin saved meanwhile', async () => {
      const server = await startServer({ acceptToken: (token) => token === microsoft.latestAccessToken() });
      const store = memoryStore();
      await save(store, microsoftSettings);
      lines.length = 0;
      // The admin saves while the token request is on its way; memoryStore writes before its first await.
      microsoft.onRequest(() => {
        microsoft.onRequest(undefined);
        void store.put(TENANT, sealedWrite({ ...microsoftSettings, fromName: 'Contoso Alerts' }), 1);
      });
      const mailer = mailerFor(store, { providers: providers(server) });

      await mailer.send(message(1));
      const stored = await store.get(TENANT);
      expect(stored?.version).toBe(2);
      expect(
        box.open(stored?.settings.refreshToken as string, { tenant: TENANT, field: 'refreshToken' }),
      ).toBe(SECRETS.refreshToken);
      expect(lines.filter((line) => line.includes('dropped a rotated refresh token'))).toHaveLength(1);

      await mailer.send(message(2));
      expect(server.messages[1]?.raw).toMatch(/^From: Contoso Alerts <notifications@contoso\.com>$/m);
      // The new version's own rotation is saved over it.
      const saved = await store.get(TENANT);
      expect(saved).toMatchObject({ version: 2, revision: 3 });
      expect(
        box.open(saved?.settings.refreshToken as string, { tenant: TENANT, field: 'refreshToken' }),
      ).toBe(microsoft.issued.at(-1)?.refreshToken);
    });

    it('says TOKEN_REVOKED for an expired refresh token (AADSTS70008)', async () => {
      const server = await startServer({ acceptToken: () => true });
      const store = memoryStore();
      await save(store, microsoftSettings);
      microsoft.refuse(() => ({
        body: {
          error: 'invalid_grant',
          error_description:
            'AADSTS70008: The provided authorization code or refresh token has expired.\r\nTrace ID: x',
          error_codes: [70008],
        },
      }));

      const error = await thrown(mailerFor(store, { providers: providers(server) }).send(message()));

      expect(error).toMatchObject({ code: 'TOKEN_REVOKED', hint: 'Get a new refresh token.' });
      expect(error.message).toContain('AADSTS70008');
    });
  });
});

describe('secrets', () => {
  it('never appear in a thrown error or a logged line', () => {
    const issued = oauthMocks.flatMap((mock) =>
      mock.issued.flatMap((t) => [t.accessToken, t.refreshToken ?? []]),
    );
    const secrets = [...Object.values(SECRETS), 'wrong-Password-never-echo', secretKey, ...issued.flat()];
    const texts = [...thrownTexts, ...lines];
    expect(issued.length).toBeGreaterThan(10);
    expect(texts.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(texts.filter((text) => text.includes(secret))).toEqual([]);
    }
  });
});
