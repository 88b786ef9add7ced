import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestDemo, type TestDemo } from '../../test/running-demo.js';
import type { InboxSummary } from './inbox.js';

describe('inbox API', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  const sendTestMail = (sendTo: string) =>
    t.request('/api/smtp/test', { method: 'POST', json: { settings: t.basicSettings(), sendTo } });

  it('streams a mail event with the summary of each new message', async () => {
    const aborted = new AbortController();
    const response = await fetch(`${t.demo.url}/demo/inbox/events`, { signal: aborted.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('No event stream');
    let received = '';
    const nextEvent = async (name: string) => {
      for (;;) {
        const match = new RegExp(`event: ${name}\\ndata: (.*)\\n`).exec(received);
        if (match) {
          received = received.slice((match.index ?? 0) + match[0].length);
          return JSON.parse(match[1] ?? '') as unknown;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`The stream ended before a ${name} event`);
        received += value;
      }
    };
    await nextEvent('ready');

    await sendTestMail('first@demo.example');
    const first = (await nextEvent('mail')) as InboxSummary;
    expect(first).toMatchObject({ to: ['first@demo.example'] });
    expect(Object.keys(first).sort()).toEqual(['copy', 'date', 'from', 'id', 'messageId', 'subject', 'to']);
    await sendTestMail('second@demo.example');
    expect(await nextEvent('mail')).toMatchObject({ to: ['second@demo.example'] });
    aborted.abort();
  });

  it('lists newest first, reads one, answers 404 JSON for an unknown ID, and empties on DELETE', async () => {
    await sendTestMail('first@demo.example');
    await sendTestMail('second@demo.example');
    const list = await t.request('/demo/inbox');
    expect(list.headers.get('cache-control')).toBe('no-store');
    const { messages } = list.json<{ messages: InboxSummary[] }>();
    expect(messages.map(({ to }) => to)).toEqual([['second@demo.example'], ['first@demo.example']]);
    expect(Date.parse(messages[0]?.date ?? '')).toBeGreaterThanOrEqual(Date.parse(messages[1]?.date ?? ''));

    const unknown = await t.request('/demo/inbox/no-such-id');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });

    expect((await t.request('/demo/inbox', { method: 'DELETE' })).status).toBe(204);
    expect((await t.request('/demo/inbox')).json()).toEqual({ messages: [], duplicates: 0 });
    expect((await t.request(`/demo/inbox/${messages[0]?.id}`)).status).toBe(404);
  });

  it('shows a message delivered twice with the same Message-ID once as new and once as a duplicate, and counts it', async () => {
    const { host, port, user, password } = t.demo.smtp;
    const transport = createTransport({
      host,
      port,
      requireTLS: true,
      tls: { ca: readFileSync(join(t.dataDir, 'tls', 'ca.crt'), 'utf8') },
      auth: { user, pass: password },
    });
    const message = {
      from: 'notifications@demo.example',
      to: 'admin@demo.example',
      subject: 'Sent again after a crash',
      text: 'Hello',
      messageId: '<retry-1@demo.example>',
    };
    try {
      // What an at-least-once sender does when it dies between the server's 250 and its own record of it.
      await transport.sendMail(message);
      await transport.sendMail(message);
      await transport.sendMail({ ...message, messageId: '<other@demo.example>' });
    } finally {
      transport.close();
    }

    const answer = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[]; duplicates: number }>();
    expect(answer.messages.map(({ messageId, copy }) => [messageId, copy])).toEqual([
      ['<other@demo.example>', 1],
      ['<retry-1@demo.example>', 2],
      ['<retry-1@demo.example>', 1],
    ]);
    expect(answer.duplicates).toBe(1);
  });
});
