import type { TestResponse, TestStage } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  createTestApp,
  leakedSecrets,
  SECRETS,
  STORE_KINDS,
  type TestApp,
} from '../../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import type { SettingsStore } from '../stores/store.js';

const USER = 'mailer@example.com';

describe.each(STORE_KINDS)('POST /test and save-after-test ($kind store)', ({ open }) => {
  let server: SmtpServerFixture;
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let api: TestApp;
  let now = Date.parse('2026-11-25T12:00:00Z');

  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.password } });
  });
  afterAll(() => server.close());

  beforeEach(() => {
    ({ store, cleanup } = open());
    api = createTestApp({
      store,
      requireTestBeforeSave: true,
      smtpTls: { ca: testCertificates().ca },
      clock: () => new Date(now),
    });
  });
  afterEach(() => cleanup());

  const draft = (overrides: Record<string, unknown> = {}) =>
    basicDraft({ host: 'localhost', port: server.port, security: 'starttls', username: USER, ...overrides });
  const test = (settings: unknown, extra: Record<string, unknown> = {}) =>
    api.call('POST', '/test', { body: { settings, ...extra } });
  const save = (settings: unknown, receipt?: string, headers: Record<string, string> = {}) =>
    api.call('PUT', '/settings', { body: { settings, ...(receipt && { receipt }) }, headers });

  it('passes every stage against a STARTTLS server and returns a receipt', async () => {
    const res = await test(draft());
    expect(res.status).toBe(200);
    const body = res.body as TestResponse;
    expect(body.ok).toBe(true);
    expect(body.stages.map((stage) => stage.name)).toEqual([
      'dns',
      'connect',
      'tls',
      'ehlo',
      'auth',
      'envelope',
    ]);
    expect(body.stages.every((stage) => stage.ok && stage.ms >= 0 && stage.detail.length > 0)).toBe(true);
    expect(body.receipt).toMatch(/^r1\./);
    expect(Date.parse(body.receiptExpiresAt as string)).toBe(now + 15 * 60_000);
    expect(body.error).toBeUndefined();
  });

  it('sends a real test message with sendTo', async () => {
    const before = server.messages.length;
    const body = (await test(draft(), { sendTo: 'admin@example.org' })).body as TestResponse;
    expect(body.ok).toBe(true);
    expect(body.stages.at(-1)?.name).toBe('send');
    expect(server.messages.length).toBe(before + 1);
    expect(server.messages.at(-1)).toMatchObject({
      from: 'notifications@example.com',
      to: ['admin@example.org'],
    });
  });

  it('reports a wrong password as AUTH_FAILED at the auth stage, without a receipt', async () => {
    const body = (await test(draft({ password: 'wrong-password' }))).body as TestResponse;
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
    expect(body.error?.hint).toBeTruthy();
    expect(body.stages.at(-1)).toMatchObject({ name: 'auth', ok: false });
    expect(body.receipt).toBeUndefined();
  });

  it('refuses to save untested settings (409 NOT_TESTED) and saves tested ones', async () => {
    const untested = await save(draft());
    expect(untested.status).toBe(409);
    expect(untested.body.error.code).toBe('NOT_TESTED');
    expect(await store.get('default')).toBeNull();

    const { receipt } = (await test(draft())).body as TestResponse;
    const saved = await save(draft(), receipt);
    expect(saved.status).toBe(200);
  });

  it('accepts the receipt in the X-Test-Receipt header', async () => {
    const { receipt } = (await test(draft())).body as TestResponse;
    expect((await save(draft(), undefined, { 'X-Test-Receipt': receipt as string })).status).toBe(200);
  });

  it('refuses a receipt after any change, and after it expired', async () => {
    const { receipt } = (await test(draft())).body as TestResponse;
    expect((await save(draft({ fromName: 'Changed' }), receipt)).body.error.code).toBe('NOT_TESTED');
    expect((await save(draft({ password: 'other-password' }), receipt)).body.error.code).toBe('NOT_TESTED');
    now += 15 * 60_000;
    expect((await save(draft(), receipt)).body.error.code).toBe('NOT_TESTED');
  });

  it('tests with the stored password when the draft keeps it', async () => {
    const first = (await test(draft())).body as TestResponse;
    await save(draft(), first.receipt);
    const kept = (await test(draft({ password: { keep: true } }))).body as TestResponse;
    expect(kept.ok).toBe(true);
    // The receipt binds the stored password too, so the kept draft can be saved with it.
    const resaved = await api.call('PUT', '/settings', {
      body: { settings: draft({ password: { keep: true }, fromName: 'Renamed' }), receipt: kept.receipt },
      headers: { 'If-Match': '1' },
    });
    expect(resaved.body.error.code).toBe('NOT_TESTED');
    const renamed = (await test(draft({ password: { keep: true }, fromName: 'Renamed' })))
      .body as TestResponse;
    const ok = await api.call('PUT', '/settings', {
      body: { settings: draft({ password: { keep: true }, fromName: 'Renamed' }), receipt: renamed.receipt },
      headers: { 'If-Match': '1' },
    });
    expect(ok.status).toBe(200);
  });

  it('streams each stage as it finishes with Accept: text/event-stream', async () => {
    const res = await api.host.request('/api/smtp/test', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
        Origin: 'https://app.example.test',
      },
      body: JSON.stringify({ settings: draft() }),
    });
    expect(res.headers.get('Content-Type')).toContain('text/event-stream');
    const events = [...(await res.text()).matchAll(/event: (\w+)\ndata: (.*)\n/g)].map(([, event, data]) => ({
      event,
      data: JSON.parse(data as string),
    }));
    expect(events.map(({ event }) => event)).toEqual([
      'stage',
      'stage',
      'stage',
      'stage',
      'stage',
      'stage',
      'result',
    ]);
    expect(events.slice(0, 6).map(({ data }) => (data as TestStage).name)).toEqual([
      'dns',
      'connect',
      'tls',
      'ehlo',
      'auth',
      'envelope',
    ]);
    expect(events.at(-1)?.data).toMatchObject({ ok: true, receipt: expect.stringMatching(/^r1\./) });
  });

  it('answers field errors for a bad sendTo and runs nothing', async () => {
    const res = await test(draft(), { sendTo: 'not an address' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['sendTo']);
  });

  it('refuses link-local and metadata addresses after resolution', async () => {
    const body = (await test(draft({ host: '169.254.169.254', port: 25 }))).body as TestResponse;
    expect(body.error).toMatchObject({ code: 'HOST_NOT_ALLOWED', stage: 'dns' });
  });

  it('applies a host-supplied policy', async () => {
    const strict = createTestApp({ store, smtpTls: { ca: testCertificates().ca }, hostPolicy: () => false });
    const body = (await strict.call('POST', '/test', { body: { settings: draft() } })).body as TestResponse;
    expect(body.error).toMatchObject({ code: 'HOST_NOT_ALLOWED', stage: 'dns' });
  });

  it('limits tests per tenant and says when to retry (429)', async () => {
    const limited = createTestApp({
      store,
      smtpTls: { ca: testCertificates().ca },
      testRateLimit: { limit: 2, windowMs: 60_000 },
      clock: () => new Date(now),
    });
    const call = () =>
      limited.call('POST', '/test', { body: { settings: draft({ host: '127.0.0.1', port: 9 }) } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('Retry-After')).toBe('60');
  });

  it('never returned a secret in any response', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});
