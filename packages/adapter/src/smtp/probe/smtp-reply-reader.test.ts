import { describe, expect, it } from 'vitest';
import { ProbeError } from './probe-error.js';
import { SmtpReplyReader } from './smtp-reply-reader.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('SmtpReplyReader', () => {
  it('joins a multi-line reply and reads its enhanced status code once', () => {
    const reader = new SmtpReplyReader();
    const replies = reader.push(
      bytes(
        '535-5.7.8 Username and Password not accepted.\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials\r\n',
      ),
    );
    expect(replies).toEqual([
      {
        code: 535,
        enhanced: '5.7.8',
        text: 'Username and Password not accepted.\nhttps://support.google.com/mail/?p=BadCredentials',
      },
    ]);
  });

  it('waits for the last line, even when a character is split between chunks', () => {
    const reader = new SmtpReplyReader();
    const whole = bytes('250-mx.example.com grüßt dich\r\n250 SIZE 1000\r\n');
    expect(reader.push(whole.subarray(0, 28))).toEqual([]);
    expect(reader.pending).toBe(true);
    expect(reader.push(whole.subarray(28))).toEqual([
      { code: 250, text: 'mx.example.com grüßt dich\nSIZE 1000' },
    ]);
    expect(reader.pending).toBe(false);
  });

  it('returns several replies from one chunk and accepts bare LF and a code without text', () => {
    const reader = new SmtpReplyReader();
    expect(reader.push(bytes('250 2.1.0 Ok\n354\r\n'))).toEqual([
      { code: 250, enhanced: '2.1.0', text: 'Ok' },
      { code: 354, text: '' },
    ]);
  });

  it('refuses a line that is not an SMTP reply, keeping what the server sent', () => {
    const reader = new SmtpReplyReader();
    expect(() => reader.push(bytes('HTTP/1.1 400 Bad Request\r\n'))).toThrow(
      expect.objectContaining({ code: 'EPROTOCOL', response: 'HTTP/1.1 400 Bad Request' }),
    );
  });

  it('refuses mixed codes within one reply and an endless line', () => {
    expect(() => new SmtpReplyReader().push(bytes('250-one\r\n550 two\r\n'))).toThrow(ProbeError);
    expect(() => new SmtpReplyReader().push(bytes(`220 ${'x'.repeat(5000)}`))).toThrow(ProbeError);
  });

  it('tells whether anything arrived, and forgets a partial reply on clear()', () => {
    const reader = new SmtpReplyReader();
    expect(reader.receivedAny).toBe(false);
    reader.push(bytes('250-partial'));
    expect(reader.receivedAny).toBe(true);
    reader.clear();
    expect(reader.push(bytes('220 fresh\r\n'))).toEqual([{ code: 220, text: 'fresh' }]);
  });
});
