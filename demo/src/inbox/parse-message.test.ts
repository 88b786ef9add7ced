import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';

const compose = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new MailComposer(options).compile().build();

describe('parseMessage', () => {
  it('reads the headers and both bodies of a multipart message nodemailer built', async () => {
    const raw = await compose({
      from: 'Zoë Demo <zoe@demo.example>',
      to: 'admin@demo.example',
      subject: 'Testfall TC-42 wurde geändert – Schritt 3',
      date: new Date('2026-11-25T10:00:00Z'),
      messageId: '<tc-42.1@demo.example>',
      text: `Grüße,\n${'a long line that nodemailer must wrap with soft line breaks '.repeat(4)}\nÜbersicht: https://demo.example/?record=TC-42`,
      html: '<p>Grüße, <a href="https://demo.example/?record=TC-42">TC-42</a> “öffnen”</p>',
    });
    const parsed = parseMessage(raw);
    expect(parsed.from).toBe('Zoë Demo <zoe@demo.example>');
    expect(parsed.subject).toBe('Testfall TC-42 wurde geändert – Schritt 3');
    expect(parsed.date?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parsed.messageId).toBe('<tc-42.1@demo.example>');
    expect(parsed.text).toContain('Grüße,\na long line that');
    expect(parsed.text).toContain('Übersicht: https://demo.example/?record=TC-42');
    expect(parsed.html).toBe('<p>Grüße, <a href="https://demo.example/?record=TC-42">TC-42</a> “öffnen”</p>');
  });

  it('reads a base64 body and skips attachments', async () => {
    const raw = await compose({
      from: 'sender@demo.example',
      subject: 'Report',
      text: 'Bericht für Q4',
      textEncoding: 'base64',
      attachments: [{ filename: 'report.txt', content: 'not the body', contentType: 'text/plain' }],
    });
    const parsed = parseMessage(raw);
    expect(parsed.text).toBe('Bericht für Q4');
    expect(parsed.html).toBeUndefined();
  });

  it('survives a message without headers or body', () => {
    expect(parseMessage(Buffer.from('garbage'))).toEqual({ from: '', subject: '', text: '' });
  });
});
