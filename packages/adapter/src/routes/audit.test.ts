import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  createTestApp,
  microsoftDraft,
  SECRETS,
  STORE_KINDS,
  type TestApp,
} from '../../test/app-fixture.js';
import {
  refusedPort,
  type SmtpServerFixture,
  startSmtpServer,
  testCertificates,
} from '../../test/smtp-server-fixture.js';
import type { SettingsStore } from '../stores/store.js';

const USER = 'mailer@example.com';

describe.each(STORE_KINDS)('GET /settings/audit ($kind store)', ({ open }) => {
  let server: SmtpServerFixture;
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let api: TestApp;
  let now = Date.parse('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.password } });
  });
  afterAll(() => server.close());

  beforeEach(() => {
    ({ store, cleanup } = open());
    api = createTestApp({
      store,
      actor: () => 'alice@example.com',
      smtpTls: { ca: testCertificates().ca },
      clock: () => {
        now += 60_000;
        return new Date(now);
      },
    });
  });
  afterEach(() => cleanup());

  it('is empty before the first save', async () => {
    expect((await api.call('GET', '/settings/audit')).body).toEqual({ entries: [] });
  });

  it('records who changed which fields when, newest first, without values', async () => {
    await api.call('PUT', '/settings', { body: { settings: basicDraft() } });
    await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ port: 465, security: 'tls', password: SECRETS.otherPassword }) },
      headers: { 'If-Match': '1' },
    });
    await api.call('PUT', '/settings', {
      body: { settings: microsoftDraft() },
      headers: { 'If-Match': '2' },
    });

    const { body } = await api.call('GET', '/settings/audit');
    expect(body.entries.map((entry: { version: number }) => entry.version)).toEqual([3, 2, 1]);
    expect(body.entries[1]).toEqual({
      action: 'save',
      version: 2,
      at: expect.stringMatching(/^2026-11-25T10:0\d:00\.000Z$/),
      actor: 'alice@example.com',
      changedFields: expect.arrayContaining(['port', 'security', 'password']),
    });
    expect(body.entries[1].changedFields).toHaveLength(3);
    expect(body.entries[0].changedFields).toEqual(
      expect.arrayContaining(['authType', 'provider', 'host', 'password', 'clientSecret', 'refreshToken']),
    );
    expect(body.entries[2].changedFields).toEqual(
      expect.arrayContaining([
        'authType',
        'host',
        'port',
        'security',
        'username',
        'password',
        'fromEmail',
        'fromName',
      ]),
    );
    expect(JSON.stringify(body)).not.toContain(SECRETS.password);
  });

  it('lists each Test next to the saves: who tested which server against which version, and how it ended', async () => {
    const closed = await refusedPort();
    const refused = await api.call('POST', '/test', {
      body: { settings: basicDraft({ host: '127.0.0.1', port: closed }) },
    });
    expect(refused.body.error.code).toBe('CONNECTION_REFUSED');
    const tested = basicDraft({ host: 'localhost', port: server.port, username: USER });
    await api.call('PUT', '/settings', { body: { settings: tested } });
    const passed = await api.call('POST', '/test', {
      body: { settings: { ...tested, password: { keep: true } } },
    });
    expect(passed.body.ok).toBe(true);

    const { body } = await api.call('GET', '/settings/audit');
    expect(body.entries).toEqual([
      {
        action: 'test',
        version: 1,
        at: expect.stringMatching(/^2026-11-25T/),
        actor: 'alice@example.com',
        changedFields: [],
        test: { host: 'localhost', port: server.port, outcome: 'passed' },
      },
      expect.objectContaining({ action: 'save', version: 1, actor: 'alice@example.com' }),
      {
        action: 'test',
        version: 0,
        at: expect.stringMatching(/^2026-11-25T/),
        actor: 'alice@example.com',
        changedFields: [],
        test: { host: '127.0.0.1', port: closed, outcome: 'CONNECTION_REFUSED' },
      },
    ]);
    expect(Date.parse(body.entries[0].at)).toBeGreaterThan(Date.parse(body.entries[1].at));
    expect(JSON.stringify(body)).not.toContain(SECRETS.password);
  });

  it('honours limit and refuses a bad one', async () => {
    await api.call('PUT', '/settings', { body: { settings: basicDraft() } });
    await api.call('PUT', '/settings', {
      body: { settings: basicDraft({ port: 2525 }) },
      headers: { 'If-Match': '1' },
    });
    expect((await api.call('GET', '/settings/audit?limit=1')).body.entries).toHaveLength(1);
    for (const limit of ['0', '501', 'ten', '-1', '1.5']) {
      const res = await api.call('GET', `/settings/audit?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ limit: 'Limit must be a whole number from 1 to 500' });
    }
  });
});
