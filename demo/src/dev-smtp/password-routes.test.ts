import type { TestResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';

describe('/demo/smtp/password', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const runTest = async (password: string) =>
    (
      await t.request('/api/smtp/test', { method: 'POST', json: { settings: t.basicSettings(password) } })
    ).json<TestResponse>();

  it('makes the mail server refuse the password it took and accept a new one, which /demo/info shows', async () => {
    const changed = await t.request('/demo/smtp/password', { method: 'POST', json: {} });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('cache-control')).toBe('no-store');
    expect(changed.json()).toEqual({ user: 'demo', password: 'demo-password-2' });
    expect((await t.request('/demo/info')).json()).toMatchObject({
      smtp: { user: 'demo', password: 'demo-password-2' },
    });

    expect((await runTest('demo-password')).error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
    expect((await runTest('demo-password-2')).ok).toBe(true);
    const again = await t.request('/demo/smtp/password', { method: 'POST', json: {} });
    expect(again.json()).toEqual({ user: 'demo', password: 'demo-password-3' });
    expect((await runTest('demo-password-2')).error).toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('refuses a form post from another site and changes nothing', async () => {
    const answer = await fetch(`${t.demo.url}/demo/smtp/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://attacker.example' },
      body: '',
    });
    expect(answer.status).toBe(403);
    expect((await runTest('demo-password')).ok).toBe(true);
  });
});
