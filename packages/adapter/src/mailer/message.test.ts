import { describe, expect, it } from 'vitest';
import { checkMessage, type MailerMessage } from './message.js';

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
});
