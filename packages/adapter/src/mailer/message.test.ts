import { describe, expect, it } from 'vitest';
import { checkMessage, contentAccessRefusal, type MailerMessage } from './message.js';

const base: MailerMessage = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Updated.',
};

describe('checkMessage', () => {
  it('accepts recipients, content, attachments, Reply-To and other headers', () => {
    expect(() =>
      checkMessage({
        ...base,
        cc: 'team@example.com',
        bcc: ['audit@example.com'],
        html: '<p>Updated.</p>',
        replyTo: 'dana@example.com',
        attachments: [{ filename: 'tc-42.txt', content: 'steps' }],
        headers: { 'X-Test-Case': 'TC-42' },
      }),
    ).not.toThrow();
  });

  it.each(['from', 'sender', 'envelope', 'raw'])(
    'refuses "%s", since the saved settings choose the sender',
    (field) => {
      expect(() => checkMessage({ ...base, [field]: 'ceo@example.com' } as MailerMessage)).toThrow(
        new RegExp(`Do not set "${field}"`),
      );
    },
  );

  it.each([
    ['an object', { From: 'ceo@example.com' }],
    ['a list', [{ key: 'sender', value: 'ceo@example.com' }]],
    ['one header', { key: 'Return-Path', value: 'ceo@example.com' }],
  ])('refuses sender headers given as %s, without repeating the value', (_shape, headers) => {
    const error = (() => {
      try {
        checkMessage({ ...base, headers } as MailerMessage);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(/header/);
    expect(error?.message).not.toContain('ceo@example.com');
  });

  /** What checkMessage threw for `message`. */
  const thrownBy = (message: unknown): Error | undefined => {
    try {
      checkMessage(message as MailerMessage);
    } catch (caught) {
      return caught as Error;
    }
    return undefined;
  };

  it.each(['Sender ', ' return-path', 'FROM', 'Return-Path:', 'Fr\r\nom', '\tsender\u0000'])(
    'refuses %j, which nodemailer would write as a sender header',
    (name) => {
      for (const headers of [{ [name]: 'ceo@example.com' }, [{ key: name, value: 'ceo@example.com' }]]) {
        const error = thrownBy({ ...base, headers });
        expect(error).toBeInstanceOf(TypeError);
        expect(error?.message).toMatch(/^Do not set the (From|Sender|Return-Path) header/);
        expect(error?.message).not.toContain('ceo@example.com');
      }
    },
  );

  it.each(['X-Note\r\nBcc', 'X-Note\n', 'X-A:B', 'X Note', 'X-Ünicode', 'X-\u007f', ''])(
    'refuses the header name %j, which is no RFC 5322 field name',
    (name) => {
      const error = thrownBy({ ...base, headers: { [name]: 'TC-42' } });
      expect(error).toBeInstanceOf(TypeError);
      expect(error?.message).toMatch(/^Header names are printable ASCII without spaces or colons/);
    },
  );

  it.each([
    ['a prepared value', { 'X-Note': { prepared: true, value: 'ok\r\nFrom: ceo@example.com' } }],
    ['a plain value', { 'X-Note': 'ok\nFrom: ceo@example.com' }],
    ['a list value', { 'X-Note': ['ok', 'ok\rFrom: ceo@example.com'] }],
    ['a listed header', [{ key: 'X-Note', value: { prepared: true, value: 'ok\nFrom: ceo@example.com' } }]],
  ])('refuses a line break in %s, which could start a header of its own', (_shape, headers) => {
    const error = thrownBy({ ...base, headers });
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toBe(
      "The X-Note header's value has a line break: give each header value on one line.",
    );
  });

  it('checks the headers of attachments and alternatives the same way', () => {
    const part = (headers: unknown) => ({ content: 'steps', headers });
    expect(thrownBy({ ...base, attachments: [part({ 'X-Part': 'ok' })] })).toBeUndefined();
    expect(
      thrownBy({ ...base, attachments: [part({ 'X-Part': { prepared: true, value: 'a\r\nb' } })] }),
    ).toBeInstanceOf(TypeError);
    expect(thrownBy({ ...base, alternatives: [part({ 'Bad Name': 'x' })] })).toBeInstanceOf(TypeError);
    expect(thrownBy({ ...base, alternatives: [part({ Sender: 'ceo@example.com' })] })).toBeInstanceOf(
      TypeError,
    );
  });

  it('accepts headers on one line in every shape nodemailer takes', () => {
    expect(
      thrownBy({
        ...base,
        headers: {
          'X-Test-Case': 'TC-42',
          'X-Prepared': { prepared: true, value: 'a=1; b=2' },
          'X-Many': ['one', 'two'],
          'X-Count': 3,
          'Reply-To': { name: 'Dana', address: 'dana@example.com' },
          'X-Date': new Date(0),
          'X-Empty': null,
        },
      }),
    ).toBeUndefined();
    expect(thrownBy({ ...base, headers: { key: 'X-Test-Case', value: 'TC-42' } })).toBeUndefined();
    expect(thrownBy({ ...base, headers: [{ key: 'List-Id', value: '<qa.example.com>' }] })).toBeUndefined();
  });
});

describe('contentAccessRefusal', () => {
  it("turns nodemailer's refused file or URL access into a TypeError that names neither", () => {
    const nodemailerError = Object.assign(new Error('File access rejected for /srv/keys/token.txt'), {
      code: 'ESTREAM',
      originalCode: 'EFILEACCESS',
    });
    const refusal = contentAccessRefusal(nodemailerError);
    expect(refusal).toBeInstanceOf(TypeError);
    expect(refusal?.message).toMatch(/reads no files or URLs.*`content`/);
    expect(refusal?.message).not.toContain('/srv/keys');
    expect(contentAccessRefusal(Object.assign(new Error('x'), { code: 'EURLACCESS' }))).toBeInstanceOf(
      TypeError,
    );
    expect(contentAccessRefusal(Object.assign(new Error('x'), { code: 'ESTREAM' }))).toBeUndefined();
    expect(contentAccessRefusal(undefined)).toBeUndefined();
  });
});
