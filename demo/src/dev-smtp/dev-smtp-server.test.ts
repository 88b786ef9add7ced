import type { TestResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import type { InboxMessage, InboxSummary } from '../inbox/inbox.js';

describe('dev mail server', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  it('passes every stage of the adapter Test with STARTTLS and the demo login, and the mail lands in the inbox', async () => {
    const tested = (
      await t.request('/api/smtp/test', {
        method: 'POST',
        json: { settings: t.basicSettings(), sendTo: 'admin@demo.example' },
      })
    ).json<TestResponse>();

    expect(tested.error).toBeUndefined();
    expect(tested.ok).toBe(true);
    expect(tested.stages.map(({ name, ok }) => [name, ok])).toEqual([
      ['dns', true],
      ['connect', true],
      ['tls', true],
      ['ehlo', true],
      ['auth', true],
      ['envelope', true],
      ['send', true],
    ]);
    // Verified against the demo CA: no "invalid certificate" allowance and so no warning about one.
    expect(tested.warnings).toEqual([]);
    expect(tested.stages.find(({ name }) => name === 'tls')?.detail).toMatch(/TLS/);

    const { messages } = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: ['admin@demo.example'] });
    expect(messages[0]?.from).toContain('notifications@demo.example');
    const message = (await t.request(`/demo/inbox/${messages[0]?.id}`)).json<InboxMessage>();
    expect(message.subject).not.toBe('');
    expect(message.text).not.toBe('');
  });

  it('refuses every recipient with 550 in the rejecting outage, after TLS and login, and delivers nothing', async () => {
    await t.request('/demo/smtp/outage', { method: 'POST', json: { down: true, mode: 'rejecting' } });
    const tested = (
      await t.request('/api/smtp/test', {
        method: 'POST',
        json: { settings: t.basicSettings(), sendTo: 'admin@demo.example' },
      })
    ).json<TestResponse>();
    expect(tested.error).toMatchObject({ code: 'RECIPIENT_REJECTED', stage: 'envelope' });
    expect(tested.error?.serverReply).toMatch(/^550\b.*No such mailbox here/);
    expect(tested.stages.filter(({ ok }) => ok).map(({ name }) => name)).toEqual(
      expect.arrayContaining(['tls', 'auth']),
    );
    expect((await t.request('/demo/inbox')).json<{ messages: unknown[] }>().messages).toEqual([]);
  });

  it('refuses a wrong password with AUTH_FAILED and delivers nothing', async () => {
    const tested = (
      await t.request('/api/smtp/test', {
        method: 'POST',
        json: { settings: t.basicSettings('wrong-password'), sendTo: 'admin@demo.example' },
      })
    ).json<TestResponse>();
    expect(tested.ok).toBe(false);
    expect(tested.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });
    expect((await t.request('/demo/inbox')).json<{ messages: unknown[] }>().messages).toEqual([]);
  });

  it('refuses a login before STARTTLS, as a real submission server does', async () => {
    const tested = (
      await t.request('/api/smtp/test', {
        method: 'POST',
        json: { settings: { ...t.basicSettings(), security: 'none' } },
      })
    ).json<TestResponse>();
    expect(tested.ok).toBe(false);
    expect(tested.error?.stage).toBe('auth');
  });
});
