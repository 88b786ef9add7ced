import type { TestResponse } from '@smtp-settings/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import { openSmtp } from '../../test/smtp-socket.js';
import type { InboxSummary } from '../inbox/inbox.js';

describe('/demo/smtp/outage', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const outage = (json: unknown) => t.request('/demo/smtp/outage', { method: 'POST', json });
  const runTest = async () =>
    (
      await t.request('/api/smtp/test', { method: 'POST', json: { settings: t.basicSettings() } })
    ).json<TestResponse>();

  it('takes the mail server down, so the saved settings meet a refused connection, and brings it back on the same port', async () => {
    await t.testAndSave(t.basicSettings());
    const initial = await t.request('/demo/smtp/outage');
    expect(initial.headers.get('cache-control')).toBe('no-store');
    expect(initial.json()).toEqual({ down: false });

    const down = await outage({ down: true });
    expect(down.status).toBe(200);
    expect(down.json()).toEqual({ down: true, mode: 'refused', since: expect.any(String) });
    expect((await t.request('/demo/smtp/outage')).json()).toEqual(down.json());
    await expect(openSmtp(t.demo.smtp.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await runTest()).error).toMatchObject({ code: 'CONNECTION_REFUSED', stage: 'connect' });

    expect((await outage({ down: false })).json()).toEqual({ down: false });
    const queued = await t.request('/demo/notify', { method: 'POST', json: {} });
    expect(queued.status).toBe(202);
    await t.deliveryOnceItIs(queued.json<{ id: string }>().id, 'sent');
    const { messages } = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>();
    expect(messages.map(({ subject }) => subject)).toContain('Test case TC-42 was updated');
  });

  it('answers 421 Service not available in the unavailable mode, which a Test reports as a temporary error at connect', async () => {
    expect((await outage({ down: true, mode: 'unavailable' })).json()).toMatchObject({
      down: true,
      mode: 'unavailable',
    });
    const tested = await runTest();
    expect(tested.ok).toBe(false);
    expect(tested.error).toMatchObject({
      code: 'SMTP_ERROR',
      stage: 'connect',
      serverReply: expect.stringContaining('421 localhost Service not available'),
    });
    await outage({ down: false });
    expect((await runTest()).ok).toBe(true);
  });

  it.each([
    ['a missing body', undefined, { down: 'Must be true or false.' }],
    ['down that is no boolean', { down: 'yes' }, { down: 'Must be true or false.' }],
    [
      'an unknown mode',
      { down: true, mode: 'sideways' },
      { mode: 'Must be "refused", "unavailable" or "rejecting".' },
    ],
  ])('refuses %s with VALIDATION_FAILED and changes nothing', async (_case, json, fields) => {
    const answer = await outage(json);
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), fields },
    });
    expect(answer.body).not.toContain('sideways');
    expect((await t.request('/demo/smtp/outage')).json()).toEqual({ down: false });
  });

  it('refuses a form post from another site', async () => {
    const answer = await fetch(`${t.demo.url}/demo/smtp/outage`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://attacker.example' },
      body: '{"down":true}',
    });
    expect(answer.status).toBe(403);
    expect((await t.request('/demo/smtp/outage')).json()).toEqual({ down: false });
  });
});
