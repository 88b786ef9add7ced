import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicDraft, createTestApp, googleDraft, SECRETS, type TestApp } from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import type { Logger } from '../logger.js';
import type { SmtpSettingsOptions } from '../options.js';
import { memoryStore } from '../stores/memory-store.js';
import { logSecurityEvent, SECURITY_EVENT_MESSAGE } from './security-log.js';

const USER = 'mailer@example.com';

/** One call the adapter made on the logger. */
interface Logged {
  level: 'error' | 'warn' | 'info';
  message: string;
  details: Record<string, unknown> | undefined;
}

describe('security events', () => {
  let server: SmtpServerFixture;
  let mock: OAuthMock;
  let logged: Logged[];
  const logger: Logger = {
    error: (message, details) => logged.push({ level: 'error', message, details }),
    warn: (message, details) => logged.push({ level: 'warn', message, details }),
    info: (message, details) => logged.push({ level: 'info', message, details }),
  };
  const events = () => logged.filter((line) => line.message === SECURITY_EVENT_MESSAGE);

  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.password } });
    mock = await startOAuthMock();
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });
  beforeEach(() => {
    logged = [];
  });

  const app = (overrides: Partial<SmtpSettingsOptions> = {}): TestApp =>
    createTestApp({
      store: memoryStore(),
      logger,
      actor: () => 'alice@example.com',
      tenant: () => 'acme',
      smtpTls: { ca: testCertificates().ca },
      providers: { google: mock.googleOptions() },
      ...overrides,
    });
  const draft = (overrides: Record<string, unknown> = {}) =>
    basicDraft({ host: 'localhost', port: server.port, username: USER, ...overrides });

  it('logs one test event per Test with actor, host, port and outcome, at info and without secrets', async () => {
    const api = app();
    expect((await api.call('POST', '/test', { body: { settings: draft() } })).body.ok).toBe(true);
    await api.call('POST', '/test', { body: { settings: draft({ password: SECRETS.otherPassword }) } });

    expect(events()).toEqual([
      {
        level: 'info',
        message: SECURITY_EVENT_MESSAGE,
        details: {
          event: 'test',
          tenant: 'acme',
          actor: 'alice@example.com',
          host: 'localhost',
          port: server.port,
          outcome: 'passed',
        },
      },
      {
        level: 'info',
        message: SECURITY_EVENT_MESSAGE,
        details: {
          event: 'test',
          tenant: 'acme',
          actor: 'alice@example.com',
          host: 'localhost',
          port: server.port,
          outcome: 'AUTH_FAILED',
        },
      },
    ]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(SECRETS.password);
    expect(text).not.toContain(SECRETS.otherPassword);
  });

  it('logs host_refused next to the test when the host policy refuses the server', async () => {
    const api = app({ hostPolicy: () => false });
    const res = await api.call('POST', '/test', { body: { settings: draft() } });
    expect(res.body.error.code).toBe('HOST_NOT_ALLOWED');
    const refusal = {
      tenant: 'acme',
      actor: 'alice@example.com',
      host: 'localhost',
      port: server.port,
      outcome: 'HOST_NOT_ALLOWED',
    };
    expect(events().map((line) => line.details)).toEqual([
      { event: 'test', ...refusal },
      { event: 'host_refused', ...refusal },
    ]);
  });

  it('logs no event for a Test refused before it ran (bad input)', async () => {
    const res = await app().call('POST', '/test', { body: { settings: draft({ port: 'x' }) } });
    expect(res.status).toBe(400);
    expect(events()).toEqual([]);
  });

  it.each([
    [false, 403, 'FORBIDDEN'],
    ['unauthenticated', 401, 'UNAUTHORIZED'],
  ] as const)('logs access_denied when authorize answers %s (%i)', async (verdict, status, outcome) => {
    const api = app({ authorize: () => verdict });
    const res = await api.call('PUT', '/settings?note=not-logged', { body: { settings: draft() } });
    expect(res.status).toBe(status);
    expect(events().map((line) => line.details)).toEqual([
      { event: 'access_denied', outcome, method: 'PUT', path: '/api/smtp/settings' },
    ]);
    expect(JSON.stringify(logged)).not.toContain(SECRETS.password);
  });

  it('logs nothing for a disabled feature, which answers 404 as if absent', async () => {
    const res = await app({ enabled: () => false, authorize: () => false }).call('GET', '/settings');
    expect(res.status).toBe(404);
    expect(events()).toEqual([]);
  });

  it('logs csrf_rejected for a state change from an untrusted origin, with the origin', async () => {
    const api = app();
    const res = await api.call('PUT', '/settings', {
      body: { settings: draft() },
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.body.error.code).toBe('CSRF_REJECTED');
    expect(events().map((line) => line.details)).toEqual([
      {
        event: 'csrf_rejected',
        outcome: 'CSRF_REJECTED',
        tenant: 'acme',
        actor: 'alice@example.com',
        method: 'PUT',
        path: '/api/smtp/settings',
        origin: 'https://evil.example',
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain(SECRETS.password);
  });

  it('logs csrf_rejected for a cross-site form post (not JSON) and cuts a long Origin', async () => {
    const api = app();
    const origin = `https://${'a'.repeat(5000)}.example`;
    const res = await api.call('POST', '/test', {
      body: `settings=${SECRETS.password}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    });
    expect(res.status).toBe(415);
    expect(events().map((line) => line.details)).toEqual([
      expect.objectContaining({
        event: 'csrf_rejected',
        outcome: 'UNSUPPORTED_MEDIA_TYPE',
        method: 'POST',
        path: '/api/smtp/test',
        origin: origin.slice(0, 200),
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain(SECRETS.password);
  });

  it('logs nothing for a read from another origin, which the CSRF check lets through', async () => {
    const res = await app().call('GET', '/settings', { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(events()).toEqual([]);
  });

  it('logs oauth_start when an admin starts "Get Refresh Token", without the client secret or flow', async () => {
    const res = await app().call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    expect(res.status).toBe(200);
    expect(events().map((line) => line.details)).toEqual([
      {
        event: 'oauth_start',
        tenant: 'acme',
        actor: 'alice@example.com',
        provider: 'google',
        outcome: 'started',
      },
    ]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(SECRETS.clientSecret);
    expect(text).not.toContain(res.body.flowId);
  });

  it('logs oauth_state_rejected for a forged and a replayed callback state, without the state', async () => {
    const api = app();
    const forged = 'A'.repeat(24);
    const first = await api.call('GET', `/oauth/google/callback?state=${forged}.${'B'.repeat(43)}&code=abc`);
    expect(first.status).toBe(200);
    const started = await api.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    const state = new URL(started.body.authorizeUrl).searchParams.get('state') ?? '';
    // Replayed: the flow exists but the nonce is wrong, as for a state copied from another flow.
    await api.call('GET', `/oauth/google/callback?state=${state.split('.')[0]}.${'C'.repeat(43)}&code=abc`);
    const rejected = events()
      .map((line) => line.details)
      .filter((details) => details?.event === 'oauth_state_rejected');
    const expected = {
      event: 'oauth_state_rejected',
      tenant: 'acme',
      actor: 'alice@example.com',
      provider: 'google',
      outcome: 'OAUTH_STATE_INVALID',
    };
    expect(rejected).toEqual([expected, expected]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(forged);
    expect(text).not.toContain(state.split('.')[0]);
  });

  it('sends security events to warn for a logger without info', () => {
    const lines: unknown[][] = [];
    const legacy: Logger = {
      error: (...args) => lines.push(['error', ...args]),
      warn: (...args) => lines.push(['warn', ...args]),
    };
    logSecurityEvent(legacy, {
      event: 'oauth_start',
      tenant: 'acme',
      provider: 'google',
      outcome: 'started',
    });
    expect(lines).toEqual([
      [
        'warn',
        SECURITY_EVENT_MESSAGE,
        { event: 'oauth_start', tenant: 'acme', provider: 'google', outcome: 'started' },
      ],
    ]);
  });

  it('calls info as a method of the logger, so a class-based logger keeps its this', () => {
    class ClassLogger implements Logger {
      readonly lines: string[] = [];
      error(message: string) {
        this.lines.push(message);
      }
      warn(message: string) {
        this.lines.push(message);
      }
      info(message: string) {
        this.lines.push(message);
      }
    }
    const classLogger = new ClassLogger();
    logSecurityEvent(classLogger, { event: 'test', outcome: 'passed' });
    expect(classLogger.lines).toEqual([SECURITY_EVENT_MESSAGE]);
  });

  it('answers a Test even when the store cannot record it, and logs that as an error', async () => {
    const store = memoryStore();
    const api = app({
      store: {
        ...store,
        recordAudit: async () => {
          throw new Error(`disk full near ${SECRETS.password}`);
        },
      },
    });
    const res = await api.call('POST', '/test', { body: { settings: draft() } });
    expect(res.body.ok).toBe(true);
    expect(logged.filter((line) => line.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'smtp-settings: could not record a Test in the audit trail',
        details: { tenant: 'acme', error: 'Error' },
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain(SECRETS.password);
  });
});
