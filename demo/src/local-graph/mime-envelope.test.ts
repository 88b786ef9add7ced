import { describe, expect, it } from 'vitest';
import { mimeEnvelope } from './mime-envelope.js';

describe('mimeEnvelope', () => {
  it('reads To, Cc and Bcc past display names, comments and groups, each address once', () => {
    const message = Buffer.from(
      [
        'From: notifications@contoso.example',
        'To: "Lead, QA" <qa-lead@example.com>, admin@demo.example (the admin)',
        'Cc: Team: ops@demo.example, <admin@demo.example>;',
        'Subject: Hi',
        '',
        'To: not-a-header@example.com',
      ].join('\r\n'),
    );
    expect(mimeEnvelope(message).to).toEqual([
      'qa-lead@example.com',
      'admin@demo.example',
      'ops@demo.example',
    ]);
  });

  it('drops a folded Bcc header, the last one of the head too, and keeps every other byte', () => {
    const head = 'From: a@contoso.example\r\nTo: b@demo.example\r\nSubject: Hi';
    const body = '\r\n\r\nBcc: stays in the body\r\n';
    const message = Buffer.from(`${head}\r\nBcc: c@demo.example,\r\n d@demo.example${body}`);
    const { to, raw } = mimeEnvelope(message);
    expect(to).toEqual(['b@demo.example', 'c@demo.example', 'd@demo.example']);
    expect(raw.toString()).toBe(`${head}${body}`);
  });
});
