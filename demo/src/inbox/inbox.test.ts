import { describe, expect, it } from 'vitest';
import { createInbox } from './inbox.js';

const mail = (subject: string) => ({
  from: 'sender@demo.example',
  to: ['admin@demo.example'],
  raw: Buffer.from(`From: Sender <sender@demo.example>\r\nSubject: ${subject}\r\n\r\nHello\r\n`),
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
});
