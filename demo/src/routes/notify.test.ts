import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import type { InboxMessage, InboxSummary } from '../inbox/inbox.js';
import { startDemo } from '../start-demo.js';

describe('POST /demo/notify', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const notify = (json?: unknown) =>
    t.request('/demo/notify', { method: 'POST', ...(json !== undefined && { json }) });

  it('answers 409 NOT_CONFIGURED while nothing is saved', async () => {
    const answer = await notify({});
    expect(answer.status).toBe(409);
    expect(answer.json()).toEqual({ error: { code: 'NOT_CONFIGURED', message: expect.any(String) } });
  });

  it('sends "Test case TC-42 was updated" through the saved Basic settings into the inbox', async () => {
    await t.testAndSave(t.basicSettings());
    const answer = await notify();
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ messageId: expect.stringMatching(/^<.+>$/), to: 'admin@demo.example' });

    const [summary] = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>().messages;
    expect(summary).toMatchObject({
      subject: 'Test case TC-42 was updated',
      to: ['admin@demo.example'],
      from: 'Demo notifications <notifications@demo.example>',
    });
    const mail = (await t.request(`/demo/inbox/${summary?.id}`)).json<InboxMessage>();
    expect(mail.text).toContain(`Open the test case: ${t.demo.url}/?record=TC-42`);
    expect(mail.html).toContain(`<a href="${t.demo.url}/?record=TC-42"`);

    expect((await notify({ to: 'qa-lead@demo.example' })).json()).toMatchObject({
      to: 'qa-lead@demo.example',
    });
  });

  it('answers 502 with the classified SMTP code when the saved server is gone', async () => {
    await t.testAndSave(t.basicSettings());
    // The next run's mail server listens elsewhere: the saved port now refuses connections.
    await t.demo.close();
    const restarted = await startDemo({ dataDir: t.dataDir, port: 0, smtpPort: 0, oauth: 'local' });
    try {
      const answer = await fetch(`${restarted.url}/demo/notify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: restarted.url },
        body: '{}',
      });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({
        error: { code: 'CONNECTION_REFUSED', message: expect.any(String), hint: expect.any(String) },
      });
    } finally {
      await restarted.close();
    }
  });

  it('refuses a recipient that is not an email address', async () => {
    await t.testAndSave(t.basicSettings());
    const answer = await notify({ to: 'not an address' });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
