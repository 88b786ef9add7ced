import type { OAuthFlowResponse, OAuthStartResponse, SettingsResponse } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  capturingLogger,
  createTestApp,
  googleDraft,
  leakedSecrets,
  newSecretKey,
  SECRETS,
  type TestApp,
} from '../test/app-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import {
  dropTestSchema,
  TEST_DATABASE_URL,
  testSchemaName,
  untilRevision,
  withTestDatabase,
} from '../test/postgres-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../test/smtp-server-fixture.js';
import { createMailer } from './mailer/create-mailer.js';
import { postgresStore } from './stores/postgres-store.js';
import type { SettingsStore } from './stores/store.js';

const USER = 'mailer@example.com';
const ACCOUNT = 'notifications@example.com';

describe('two adapter instances sharing one PostgreSQL schema', () => {
  let mock: OAuthMock;
  let first: SmtpServerFixture;
  let second: SmtpServerFixture;
  let schema: string;
  let secretKey: string;
  let stores: SettingsStore[];
  let a: TestApp;
  let b: TestApp;
  let storeB: SettingsStore;

  const providers = () => ({
    google: {
      ...mock.googleOptions(),
      smtp: { host: 'localhost', port: first.port, security: 'starttls' as const },
    },
  });
  /** One instance of the host application: its own pool, the same schema and key as the other. */
  const instance = () => {
    const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema });
    stores.push(store);
    return { store, app: createTestApp({ store, secretKey, providers: providers() }) };
  };
  const draftFor = (server: SmtpServerFixture, password: string) =>
    basicDraft({ host: 'localhost', port: server.port, security: 'starttls', username: USER, password });

  beforeAll(async () => {
    // Fails, with a hint, when PostgreSQL is down: CI starts it, so a missing server is a broken setup.
    await withTestDatabase((client) => client.query('SELECT 1'));
    mock = await startOAuthMock();
    mock.setIdTokenClaims({ email: ACCOUNT });
    first = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.password } });
    second = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.otherPassword } });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await mock?.stop();
  });

  beforeEach(() => {
    schema = testSchemaName();
    secretKey = newSecretKey();
    stores = [];
    ({ app: a } = instance());
    ({ app: b, store: storeB } = instance());
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await dropTestSchema(schema);
  });

  it('shows a save made on one instance on the other', async () => {
    expect((await b.call('GET', '/settings')).body).toMatchObject({ settings: null, version: 0 });
    const saved = await a.call('PUT', '/settings', { body: { settings: draftFor(first, SECRETS.password) } });
    expect(saved.status).toBe(200);

    const seen = await b.call('GET', '/settings');
    expect(seen.headers.get('ETag')).toBe('"1"');
    expect(seen.body as SettingsResponse).toMatchObject({
      version: 1,
      updatedBy: 'admin',
      settings: { host: 'localhost', port: first.port, password: { set: true } },
    });
    expect((await b.call('GET', '/settings/audit')).body).toMatchObject({ entries: [{ version: 1 }] });

    // B has just read version 1, and from now on answers from memory: it learns of A's next save from
    // PostgreSQL's notification, a moment after the save, and its next read after that must show it.
    const resaved = await a.call('PUT', '/settings', {
      body: { settings: draftFor(second, SECRETS.otherPassword) },
      headers: { 'If-Match': '"1"' },
    });
    expect(resaved.status).toBe(200);
    await untilRevision(storeB, 'default', 2);
    const seenAgain = await b.call('GET', '/settings', { headers: { 'If-None-Match': '"1"' } });
    expect(seenAgain.status).toBe(200);
    expect(seenAgain.headers.get('ETag')).toBe('"2"');
    expect(seenAgain.body).toMatchObject({ version: 2, settings: { port: second.port } });
  });

  it('lets exactly one of two simultaneous saves win and answers 409 on the other instance', async () => {
    await a.call('PUT', '/settings', { body: { settings: draftFor(first, SECRETS.password) } });
    const headers = { 'If-Match': '"1"' };
    const [fromA, fromB] = await Promise.all([
      a.call('PUT', '/settings', { body: { settings: draftFor(second, SECRETS.otherPassword) }, headers }),
      b.call('PUT', '/settings', { body: { settings: draftFor(first, SECRETS.otherPassword) }, headers }),
    ]);
    expect([fromA.status, fromB.status].sort()).toEqual([200, 409]);
    const loser = fromA.status === 409 ? fromA : fromB;
    expect(loser.body.error.code).toBe('VERSION_CONFLICT');
    const winner = fromA.status === 200 ? fromA : fromB;
    expect((await b.call('GET', '/settings')).body).toEqual(winner.body);
    expect((await a.call('GET', '/settings/audit')).body.entries).toHaveLength(2);
  });

  it('has the other instance’s mailer send with the new settings on its next send', async () => {
    await a.call('PUT', '/settings', { body: { settings: draftFor(first, SECRETS.password) } });
    const mailer = createMailer({
      store: storeB,
      secretKey,
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
    });
    try {
      const message = {
        to: 'qa@example.com',
        subject: 'Test case TC-42 was updated',
        text: 'Step 3 changed.',
      };
      const before = { first: first.messages.length, second: second.messages.length };
      await mailer.send(message);
      expect(first.messages.length).toBe(before.first + 1);

      const saved = await a.call('PUT', '/settings', {
        body: { settings: draftFor(second, SECRETS.otherPassword) },
        headers: { 'If-Match': '"1"' },
      });
      expect(saved.status).toBe(200);
      // The send after B's store has heard of the save, by a notification a moment after it.
      await untilRevision(storeB, 'default', 2);
      await mailer.send(message);
      expect(second.messages.length).toBe(before.second + 1);
      expect(second.messages.at(-1)).toMatchObject({ user: USER, to: ['qa@example.com'] });
      expect(first.messages.length).toBe(before.first + 1);
    } finally {
      await mailer.close();
    }
  });

  it('completes an OAuth flow on the instance the provider redirects to', async () => {
    const started = await a.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    expect(started.status).toBe(200);
    const { flowId, authorizeUrl } = started.body as OAuthStartResponse;

    // The provider's redirect is a real HTTP hop; the load balancer sends the callback to the other instance.
    const callback = await followAuthorizeUrl(authorizeUrl);
    const page = await b.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Connected as ${ACCOUNT}`);

    const flow = (await a.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ flowId, status: 'completed', provider: 'google', account: ACCOUNT });

    const saved = await b.call('PUT', '/settings', {
      body: { settings: googleDraft({ fromEmail: ACCOUNT, refreshToken: { flow: flowId } }) },
    });
    expect(saved.status).toBe(200);
    expect(saved.body as SettingsResponse).toMatchObject({
      settings: { refreshToken: { set: true } },
      tokenHealth: { account: ACCOUNT },
    });
    expect((await a.call('GET', `/oauth/flows/${flowId}`)).body.status).toBe('consumed');
    const replay = await a.call('PUT', '/settings', {
      body: { settings: googleDraft({ fromEmail: ACCOUNT, refreshToken: { flow: flowId } }) },
      headers: { 'If-Match': '"1"' },
    });
    expect(replay.status).toBe(400);
  });

  it('never put a secret in a response or a log line', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});
