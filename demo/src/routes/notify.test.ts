import type { DeliveryListResponse } from '@smtp-settings/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo, type TestDemoOptions } from '../../test/running-demo.js';
import type { InboxMessage, InboxSummary } from '../inbox/inbox.js';

describe('POST /demo/notify', () => {
  let t: TestDemo;
  const start = async (options?: TestDemoOptions) => {
    t = await startTestDemo(options);
  };
  afterEach(() => t.close());

  const notify = (json?: unknown) =>
    t.request('/demo/notify', { method: 'POST', ...(json !== undefined && { json }) });
  /** Sends the notification and answers the outbox id from the 202. */
  const queue = async (json: unknown = {}) => {
    const answer = await notify(json);
    expect(answer.status).toBe(202);
    return answer.json<{ id: string; to: string }>();
  };
  const inboxList = async () =>
    (await t.request('/demo/inbox')).json<{ messages: InboxSummary[]; duplicates: number }>();

  it('hands "Test case TC-42 was updated" to the outbox, answers 202 with its id, and it lands in the inbox once', async () => {
    await start();
    await t.testAndSave(t.basicSettings());
    const answer = await notify();
    expect(answer.status).toBe(202);
    const queued = answer.json<{ id: string; to: string }>();
    expect(queued).toEqual({ id: expect.any(String), to: 'admin@demo.example' });

    const { delivery, attempts } = await t.deliveryOnceItIs(queued.id, 'sent');
    expect(delivery).toMatchObject({ source: 'outbox', to: ['admin@demo.example'], attempts: 1 });
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    const { messages, duplicates } = await inboxList();
    expect(messages).toHaveLength(1);
    expect(duplicates).toBe(0);
    expect(messages[0]).toMatchObject({
      messageId: delivery.messageId,
      copy: 1,
      subject: 'Test case TC-42 was updated',
      to: ['admin@demo.example'],
      from: 'Demo notifications <notifications@demo.example>',
    });
    const mail = (await t.request(`/demo/inbox/${messages[0]?.id}`)).json<InboxMessage>();
    expect(mail.text).toContain(`Open the test case: ${t.demo.url}/?record=TC-42`);
    expect(mail.html).toContain(`<a href="${t.demo.url}/?record=TC-42"`);

    expect(await queue({ to: 'qa-lead@demo.example' })).toMatchObject({ to: 'qa-lead@demo.example' });
  });

  it('keeps a notification sent before anything is saved, held as NOT_CONFIGURED, and sends it after the first save', async () => {
    await start();
    const { id } = await queue();
    const held = await t.deliveryOnceItIs(id, 'held');
    expect(held.delivery.failure).toMatchObject({ code: 'NOT_CONFIGURED' });
    expect((await inboxList()).messages).toEqual([]);

    await t.testAndSave(t.basicSettings());
    await t.deliveryOnceItIs(id, 'sent');
    expect((await inboxList()).messages.map(({ subject }) => subject)).toEqual([
      'Test case TC-42 was updated',
    ]);
  });

  it('retries while the mail server is down, saying why and when next, and delivers it once when it is back', async () => {
    await start({ backoff: { initialMs: 200, maxMs: 200 } });
    await t.testAndSave(t.basicSettings());
    await t.request('/demo/smtp/outage', { method: 'POST', json: { down: true } });
    const { id } = await queue();

    const retrying = await t.deliveryOnceItIs(id, 'retrying');
    expect(retrying.delivery.failure).toMatchObject({ code: 'CONNECTION_REFUSED', stage: 'connect' });
    expect(Date.parse(retrying.delivery.nextAttemptAt ?? '')).toBeGreaterThan(
      Date.parse(retrying.attempts[0]?.at ?? ''),
    );
    // Still down: it keeps trying rather than failing.
    await expect
      .poll(async () => (await t.deliveryOnceItIs(id, 'retrying')).delivery.attempts, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(3);

    await t.request('/demo/smtp/outage', { method: 'POST', json: { down: false } });
    const sent = await t.deliveryOnceItIs(id, 'sent');
    expect(sent.attempts.map(({ outcome }) => outcome).at(-1)).toBe('sent');
    const { messages, duplicates } = await inboxList();
    expect(messages.map(({ messageId }) => messageId)).toEqual([sent.delivery.messageId]);
    expect(duplicates).toBe(0);
  });

  it('holds it while the server refuses the saved password, and sends it once the new password is saved', async () => {
    await start();
    await t.testAndSave(t.basicSettings());
    // The outbox's mailer keeps this one's session open: the change must end it.
    const first = await t.deliveryOnceItIs((await queue()).id, 'sent');
    const changed = await t.request('/demo/smtp/password', { method: 'POST', json: {} });
    const { password } = changed.json<{ password: string }>();
    const answered = t.bodies.length;
    const { id } = await queue();

    const held = await t.deliveryOnceItIs(id, 'held');
    expect(held.delivery.failure).toMatchObject({
      code: 'AUTH_FAILED',
      stage: 'auth',
      hint: expect.any(String),
    });
    expect(held.delivery.nextAttemptAt).toBeUndefined();
    expect((await inboxList()).messages).toHaveLength(1);

    await t.testAndSave(t.basicSettings(password));
    const sent = await t.deliveryOnceItIs(id, 'sent');
    expect((await inboxList()).messages.map(({ messageId }) => messageId)).toEqual([
      sent.delivery.messageId,
      first.delivery.messageId,
    ]);
    // The adapter never answers with the password it was given, nor the delivery log with a message's.
    for (const body of t.bodies.slice(answered)) expect(body).not.toContain(password);
  });

  it('refuses a recipient that is not an email address, and stores nothing', async () => {
    await start();
    await t.testAndSave(t.basicSettings());
    const answer = await notify({ to: 'not an address' });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(answer.body).not.toContain('not an address');
    expect((await t.request('/api/smtp/deliveries')).json<DeliveryListResponse>().deliveries).toEqual([]);
  });
});
