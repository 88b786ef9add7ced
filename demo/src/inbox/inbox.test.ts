import { describe, expect, it } from 'vitest';
import { countDuplicates, createInbox } from './inbox.js';

const mail = (subject: string, messageId?: string) => ({
  from: 'sender@demo.example',
  to: ['admin@demo.example'],
  raw: Buffer.from(
    `From: Sender <sender@demo.example>\r\n${messageId ? `Message-ID: ${messageId}\r\n` : ''}Subject: ${subject}\r\n\r\nHello\r\n`,
  ),
});

describe('inbox', () => {
  it('keeps only the newest messages beyond its limit', () => {
    const inbox = createInbox({ limit: 2 });
    const oldest = inbox.add(mail('one'));
    inbox.add(mail('two'));
    inbox.add(mail('three'));
    expect(inbox.list().map(({ subject }) => subject)).toEqual(['three', 'two']);
    expect(inbox.get(oldest.id)).toBeUndefined();
  });

  it('tells subscribers about each new message until they unsubscribe', () => {
    const inbox = createInbox();
    const seen: string[] = [];
    const unsubscribe = inbox.subscribe(({ subject }) => seen.push(subject));
    inbox.add(mail('one'));
    unsubscribe();
    inbox.add(mail('two'));
    expect(seen).toEqual(['one']);
  });

  it('numbers the copies of a Message-ID, so a second delivery shows as a duplicate', () => {
    const inbox = createInbox();
    const seen: number[] = [];
    inbox.subscribe(({ copy }) => seen.push(copy));
    inbox.add(mail('once', '<a@demo.example>'));
    inbox.add(mail('other', '<b@demo.example>'));
    inbox.add(mail('once again', ' <a@demo.example> (resent)'));
    inbox.add(mail('and again', '<a@demo.example>'));
    expect(inbox.list().map(({ messageId, copy }) => [messageId, copy])).toEqual([
      ['<a@demo.example>', 3],
      ['<a@demo.example>', 2],
      ['<b@demo.example>', 1],
      ['<a@demo.example>', 1],
    ]);
    expect(countDuplicates(inbox.list())).toBe(2);
    expect(seen).toEqual([1, 1, 2, 3]);
  });

  it('never calls messages without a Message-ID duplicates', () => {
    const inbox = createInbox();
    inbox.add(mail('same'));
    inbox.add(mail('same'));
    expect(inbox.list().map(({ copy, messageId }) => ({ copy, messageId }))).toEqual([
      { copy: 1, messageId: undefined },
      { copy: 1, messageId: undefined },
    ]);
  });

  it('knows the Message-IDs of messages beyond its limit, and forgets them when cleared', () => {
    const inbox = createInbox({ limit: 1 });
    inbox.add(mail('first', '<a@demo.example>'));
    inbox.add(mail('pushes the first out', '<b@demo.example>'));
    expect(inbox.add(mail('first, again', '<a@demo.example>')).copy).toBe(2);

    inbox.clear();
    expect(inbox.add(mail('first, after clearing', '<a@demo.example>')).copy).toBe(1);
  });

  it('remembers at most ten times its limit of Message-IDs, forgetting the longest unseen first', () => {
    const inbox = createInbox({ limit: 1 });
    inbox.add(mail('kept in mind', '<kept@demo.example>'));
    inbox.add(mail('forgotten first', '<0@demo.example>'));
    for (let n = 1; n < 9; n++) inbox.add(mail(`filler ${n}`, `<${n}@demo.example>`));
    // Seen again: now the most recent, so the next new ID pushes out <0> instead.
    inbox.add(mail('kept in mind, again', '<kept@demo.example>'));
    inbox.add(mail('the eleventh', '<10@demo.example>'));
    expect(inbox.add(mail('kept in mind, third', '<kept@demo.example>')).copy).toBe(3);
    expect(inbox.add(mail('forgotten first, again', '<0@demo.example>')).copy).toBe(1);
  });
});
