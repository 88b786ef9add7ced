import { inspect } from 'node:util';
import type { OAuthStartResponse, TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallOptions,
  capturingLogger,
  createTestApp,
  googleDraft,
  MOUNT,
  microsoftDraft,
  newSecretKey,
  ORIGIN,
  SECRETS,
  type TestApp,
  transcript,
} from '../test/app-fixture.js';
import { type GraphFixture, startGraphFixture } from '../test/graph-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../test/smtp-server-fixture.js';
import { createMailer } from './mailer/create-mailer.js';
import type { SmtpSettingsOptions } from './options.js';
import { SECURITY_EVENT_MESSAGE } from './security/security-log.js';
import { memoryStore } from './stores/memory-store.js';
import type { SettingsStore } from './stores/store.js';

const USER = 'mailer@example.com';
const MICROSOFT_ACCOUNT = 'notifications@contoso.com';
const GOOGLE_ACCOUNT = 'notifications@example.com';
/** A message body the mailer sends through Microsoft Graph; like a secret, no answer or log may hold it. */
const BODY = 'Graph-body-never-logged-41f9 quarterly figures';

/**
 * One admin's whole session with the adapter and the app's mailer, every answer, header, log line and
 * thrown message kept; afterwards none may hold a secret in any form the wire or a log could carry.
 */
describe('secrets across a whole journey', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;
  let graph: GraphFixture;
  let store: SettingsStore;
  let api: TestApp;
  let version = 0;
  // The SMTP server refuses every access token until the token provider has issued more than this many.
  let refuseTokensUntilIssued = 0;
  let explode: 'actor' | 'clock' | undefined;
  const secretKey = newSecretKey();
  const headerLines: string[] = [];
  const thrownTexts: string[] = [];

  beforeAll(async () => {
    mock = await startOAuthMock();
    mock.setIdTokenClaims({ email: MICROSOFT_ACCOUNT });
    const acceptedToken = () =>
      mock.issued.length > refuseTokensUntilIssued ? (mock.latestAccessToken() ?? 'none yet') : 'refused';
    server = await startSmtpServer({
      security: 'starttls',
      users: { [USER]: SECRETS.password },
      accessTokens: {
        get [MICROSOFT_ACCOUNT]() {
          return acceptedToken();
        },
        get [GOOGLE_ACCOUNT]() {
          return acceptedToken();
        },
      },
    });
    graph = await startGraphFixture({
      acceptsToken: (token) => token === mock.latestAccessToken(),
      passwordCredentials: {
        [microsoftDraft().clientId]: [
          { hint: SECRETS.clientSecret.slice(0, 3), endDateTime: '2027-03-01T00:00:00Z' },
        ],
      },
    });
    store = memoryStore();
    api = createTestApp(options({ requireTestBeforeSave: true }));
  });
  afterAll(async () => {
    await graph.close();
    await server.close();
    await mock.stop();
  });

  function providers() {
    const smtp = { host: 'localhost', port: server.port, security: 'starttls' as const };
    return {
      google: { ...mock.googleOptions(), smtp },
      microsoft: { ...mock.microsoftOptions(), smtp, graph: { origin: graph.origin, timeoutMs: 5_000 } },
    };
  }

  function mailer() {
    return createMailer({
      store,
      secretKey,
      providers: providers(),
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
      retry: { attempts: 2, baseDelayMs: 5 },
    });
  }

  /** Sends through `sender` and keeps every text of the error it throws, if any. */
  async function sendKeepingError(sender: ReturnType<typeof createMailer>, text = BODY) {
    const error = await sender.send({ to: 'qa@example.com', subject: 'Quarterly figures', text }).then(
      () => undefined,
      (caught: unknown) => caught as Error & { hint?: string; serverReply?: string },
    );
    if (error) {
      thrownTexts.push(
        String(error.message),
        String(error.hint),
        String(error.serverReply),
        inspect(error, { depth: 6, showHidden: true }),
      );
    }
    return error;
  }

  function options(overrides: Partial<SmtpSettingsOptions> = {}): Partial<SmtpSettingsOptions> & {
    store: SettingsStore;
  } {
    return {
      store,
      secretKey,
      testRateLimit: false,
      smtpTls: { ca: testCertificates().ca },
      providers: providers(),
      actor: () => {
        if (explode === 'actor') throw new Error('the directory service is unavailable');
        return 'alice@example.com';
      },
      clock: () => {
        if (explode === 'clock') throw new RangeError('the clock source is unavailable');
        return new Date();
      },
      ...overrides,
    };
  }

  /** Calls like the browser does and keeps the headers too (the fixture keeps bodies in `transcript`). */
  async function call(method: string, path: string, init: CallOptions = {}, app = api) {
    const res = await app.call(method, path, init);
    headerLines.push(...[...res.headers].map(([name, value]) => `${name}: ${value}`));
    return res;
  }

  const basic = (overrides: Record<string, unknown> = {}) => ({
    authType: 'basic',
    host: 'localhost',
    port: server.port,
    security: 'starttls',
    username: USER,
    password: SECRETS.password,
    fromEmail: 'notifications@example.com',
    fromName: 'Example App',
    ...overrides,
  });

  async function testThenSave(settings: Record<string, unknown>) {
    const tested = await call('POST', '/test', { body: { settings } });
    const body = tested.body as TestResponse;
    expect(body.error).toBeUndefined();
    const saved = await call('PUT', '/settings', {
      body: { settings, receipt: body.receipt },
      headers: { 'If-Match': `"${version}"` },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    version = saved.body.version;
    return saved;
  }

  it('saves Basic settings with a password', async () => {
    const setup = createTestApp(options({ requireTestBeforeSave: false }));
    const res = await call('PUT', '/settings', { body: { settings: basic() } }, setup);
    expect(res.status).toBe(200);
    expect(res.body.settings.password).toEqual({ set: true });
    version = res.body.version;
  });

  it('tests a wrong password: AUTH_FAILED at auth', async () => {
    const res = await call('POST', '/test', {
      body: { settings: basic({ password: SECRETS.otherPassword }) },
    });
    expect(res.body.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
  });

  it('tests the right password and saves with the receipt, also as an event stream', async () => {
    await testThenSave(basic({ fromName: 'Example Mail' }));
    const streamed = await api.host.request(`${MOUNT}/test`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ settings: basic({ password: { keep: true } }) }),
    });
    transcript.push(await streamed.text());
    headerLines.push(...[...streamed.headers].map(([name, value]) => `${name}: ${value}`));
    expect(transcript.at(-1)).toMatch(/event: result\ndata: \{"ok":true/);
  });

  it('answers 422 for a tampered stored secret, then recovers with a new value', async () => {
    const record = await store.get('default');
    const sealed = record?.settings.password as string;
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    const written = await store.put(
      'default',
      {
        settings: { ...record?.settings, password: flipped },
        updatedAt: new Date().toISOString(),
        updatedBy: 'attacker',
        changedFields: ['password'],
      },
      version,
    );
    version = written.version;
    const kept = await call('PUT', '/settings', {
      body: { settings: basic({ port: server.port, fromName: 'Kept', password: { keep: true } }) },
      headers: { 'If-Match': `"${version}"` },
    });
    expect(kept.status).toBe(422);
    expect(kept.body.error.code).toBe('SECRET_UNREADABLE');
    const tested = await call('POST', '/test', { body: { settings: basic({ password: { keep: true } }) } });
    expect(tested.status).toBe(422);
    await testThenSave(basic());
  });

  it.each(['actor', 'clock'] as const)(
    'answers a bare 500 when the %s hook throws mid-request',
    async (hook) => {
      const before = transcript.length;
      explode = hook;
      try {
        const res = await call('PUT', '/settings', {
          body: { settings: basic({ password: SECRETS.otherPassword }) },
          headers: { 'If-Match': `"${version}"` },
        });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({
          error: {
            code: 'INTERNAL_ERROR',
            message: 'The server could not complete the request',
            messageKey: 'error.internal',
          },
        });
      } finally {
        explode = undefined;
      }
      expect(transcript.slice(before).some((line) => line.startsWith('smtp-settings: request failed'))).toBe(
        true,
      );
    },
  );

  it('gets a Microsoft refresh token with a client secret, then tests and saves with the flow', async () => {
    const started = await call('POST', '/oauth/microsoft/start', {
      body: {
        clientId: microsoftDraft().clientId,
        clientSecret: SECRETS.clientSecret,
        tenantId: 'contoso.onmicrosoft.com',
      },
    });
    const { flowId, authorizeUrl } = started.body as OAuthStartResponse;
    const callback = await followAuthorizeUrl(authorizeUrl);
    const page = await call('GET', callback.pathname.replace(MOUNT, '') + callback.search);
    expect(page.body).toContain(`Connected as ${MICROSOFT_ACCOUNT}`);
    expect((await call('GET', `/oauth/flows/${flowId}`)).body.status).toBe('completed');
    await testThenSave(
      microsoftDraft({
        fromEmail: MICROSOFT_ACCOUNT,
        refreshToken: { flow: flowId },
        clientSecret: SECRETS.clientSecret,
      }),
    );
  });

  it('explains a token refusal that echoes the secrets, and starts Google with a client secret', async () => {
    const settings = googleDraft({ refreshToken: SECRETS.refreshToken, clientSecret: SECRETS.clientSecret });
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `Unauthorized client_secret=${request.clientSecret} refresh_token=${request.refreshToken}`,
      },
    }));
    try {
      const refused = await call('POST', '/test', { body: { settings } });
      expect(refused.body.error).toMatchObject({ stage: 'auth' });
    } finally {
      mock.accept();
    }
    const started = await call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    expect(started.status).toBe(200);
  });

  it('tests and saves Google with a refresh token pasted by hand', async () => {
    await testThenSave(
      googleDraft({ refreshToken: SECRETS.refreshToken, clientSecret: SECRETS.clientSecret }),
    );
  });

  it('sends through the mailer, renewing an access token the server refuses once', async () => {
    const mailer = createMailer({
      store,
      secretKey,
      providers: providers(),
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
      retry: { attempts: 2, baseDelayMs: 5 },
    });
    try {
      const before = mock.issued.length;
      refuseTokensUntilIssued = before + 1;
      await mailer.send({ to: 'qa-lead@example.com', subject: 'Test case TC-42', text: 'Step 3 changed.' });
      expect(mock.issued.length - before).toBe(2);
      expect(server.messages.at(-1)?.user).toBe(GOOGLE_ACCOUNT);
    } finally {
      refuseTokensUntilIssued = 0;
      await mailer.close();
    }
  });

  it('throws TOKEN_REVOKED from the mailer when the provider refuses the refresh token, echoing it', async () => {
    const mailer = createMailer({
      store,
      secretKey,
      providers: providers(),
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
      retry: { attempts: 2, baseDelayMs: 5 },
    });
    // The token the last send shared through the store is refused too, so the mailer has to refresh.
    refuseTokensUntilIssued = mock.issued.length + 1;
    mock.refuse((request) => ({
      body: {
        error: 'invalid_grant',
        error_description: `Token ${request.refreshToken} (client ${request.clientSecret}) has been revoked.`,
      },
    }));
    try {
      const error = await mailer.send({ to: 'qa@example.com', subject: 'x', text: 'y' }).then(
        () => undefined,
        (caught: unknown) => caught as Error & { hint?: string; serverReply?: string },
      );
      expect(error).toMatchObject({ code: 'TOKEN_REVOKED' });
      thrownTexts.push(
        String(error?.message),
        String(error?.hint),
        String(error?.serverReply),
        inspect(error, { depth: 6, showHidden: true }),
      );
    } finally {
      refuseTokensUntilIssued = 0;
      mock.accept();
      await mailer.close();
    }
  });

  const graphApplication = () => {
    const { refreshToken: _, ...settings } = microsoftDraft({
      sendingMethod: 'graph',
      signIn: 'application',
      fromEmail: MICROSOFT_ACCOUNT,
      clientSecret: SECRETS.clientSecret,
    });
    return settings;
  };

  it('explains a client-credentials refusal that echoes the client secret', async () => {
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided: ${request.clientSecret}`,
      },
    }));
    try {
      const refused = await call('POST', '/test', { body: { settings: graphApplication() } });
      expect(refused.body.error).toMatchObject({ stage: 'token' });
      expect(mock.requests.at(-1)?.grantType).toBe('client_credentials');
    } finally {
      mock.accept();
    }
  });

  it('tests Graph with Application sign-in, with a test message, and saves without a refresh token', async () => {
    const tested = await call('POST', '/test', {
      body: { settings: graphApplication(), sendTo: 'admin@contoso.com' },
    });
    expect(tested.body).toMatchObject({ ok: true });
    expect(tested.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      'token',
      'mailbox',
      'send',
    ]);
    const saved = await testThenSave(graphApplication());
    expect(saved.body.settings).toMatchObject({ signIn: 'application', refreshToken: { set: false } });
  });

  it('answers Graph errors that quote the bearer token without it, in the Test, the mailer and the delivery log', async () => {
    const quoting = {
      status: 400,
      code: 'ErrorInvalidRequest',
      message: (token: string) => `Bearer ${token} is malformed`,
    };
    graph.failAlways('sendMail', quoting);
    const sender = mailer();
    try {
      const tested = await call('POST', '/test', {
        body: { settings: graphApplication(), sendTo: 'admin@contoso.com' },
      });
      expect(tested.body.error).toMatchObject({ code: 'SMTP_ERROR', stage: 'send' });
      expect(tested.body.error.serverReply).toMatch(/^400 ErrorInvalidRequest/);
      expect(await sendKeepingError(sender)).toMatchObject({ code: 'SMTP_ERROR' });

      // A refused token quoted back: dropped, minted anew once, refused again.
      graph.failAlways('sendMail', {
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: (token) => `Token ${token} expired`,
      });
      const minted = mock.issued.length;
      expect(await sendKeepingError(sender)).toMatchObject({ code: 'AUTH_FAILED' });
      expect(mock.issued.length - minted).toBe(1);

      graph.failAlways('sendMail', undefined);
      expect(await sendKeepingError(sender)).toBeUndefined();
      expect(graph.sent.at(-1)?.mime).toContain(BODY);
    } finally {
      graph.failAlways('sendMail', undefined);
      await sender.close();
    }
    const log = await call('GET', '/deliveries?limit=20');
    expect(log.status).toBe(200);
    expect(log.body.deliveries.length).toBeGreaterThanOrEqual(3);
    for (const { id } of log.body.deliveries) await call('GET', `/deliveries/${id}`);
  });

  it('refuses a server the host policy forbids, a caller authorize refuses and a forged request, all carrying secrets', async () => {
    const settings = basic({ password: SECRETS.otherPassword });
    const fenced = createTestApp(options({ hostPolicy: () => false }));
    expect((await call('POST', '/test', { body: { settings } }, fenced)).body.error.code).toBe(
      'HOST_NOT_ALLOWED',
    );
    const outsider = createTestApp(options({ authorize: () => false }));
    const put = { body: { settings }, headers: { 'If-Match': `"${version}"` } };
    expect((await call('PUT', '/settings', put, outsider)).status).toBe(403);
    const forged = { ...put, headers: { ...put.headers, Origin: 'https://evil.example' } };
    expect((await call('PUT', '/settings', forged)).body.error.code).toBe('CSRF_REJECTED');
  });

  it('logged every kind of security event on the way', () => {
    const kinds = transcript
      .filter((line) => line.startsWith(`${SECURITY_EVENT_MESSAGE} `))
      .map((line) => JSON.parse(line.slice(SECURITY_EVENT_MESSAGE.length + 1)).event);
    expect(new Set(kinds)).toEqual(
      new Set(['test', 'host_refused', 'access_denied', 'csrf_rejected', 'oauth_start']),
    );
  });

  it('never put a secret, in plain or base64 form, in a response, a header, a log line or a thrown error', () => {
    const values = [
      ...Object.values(SECRETS),
      BODY,
      secretKey,
      ...mock.issued.flatMap(({ accessToken, refreshToken }) => [
        accessToken,
        ...(refreshToken ? [refreshToken] : []),
      ]),
      ...mock.requests.flatMap(({ code, codeVerifier }) => [
        ...(code ? [code] : []),
        ...(codeVerifier ? [codeVerifier] : []),
      ]),
    ];
    const wire = [
      ...[SECRETS.password, SECRETS.otherPassword].map((pass) => `\0${USER}\0${pass}`),
      ...mock.issued.flatMap(({ accessToken }) =>
        [MICROSOFT_ACCOUNT, GOOGLE_ACCOUNT].map(
          (user) => `user=${user}\x01auth=Bearer ${accessToken}\x01\x01`,
        ),
      ),
    ];
    const base64 = (value: string) => [
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
    ];
    const forms = [...values, ...[...values, ...wire].flatMap(base64)];
    const texts = [...transcript, ...headerLines, ...thrownTexts];
    // The code redemption, the Microsoft and Google tests, and the mailer's first and renewed token.
    expect(mock.issued.length).toBeGreaterThanOrEqual(5);
    expect(texts.length).toBeGreaterThan(40);
    const leaks = forms.filter((form) => texts.some((text) => text.includes(form)));
    expect(leaks).toEqual([]);
  });
});
