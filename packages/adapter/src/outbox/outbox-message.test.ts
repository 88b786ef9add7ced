import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../crypto/secret-box.js';
import { type OutboxMessage, parseOutboxMessage } from './outbox-message.js';
import { openMessage, StoredMessageError, sealMessage } from './stored-message.js';

const MAX = 1024 * 1024;
const box = createSecretBox(randomBytes(32).toString('base64'));

/** Parses, seals and opens a message as the outbox does between `enqueue` and an attempt. */
function roundTrip(message: OutboxMessage) {
  const parsed = parseOutboxMessage(message, MAX);
  return { parsed, sent: openMessage(box, 'acme', 'id-1', sealMessage(box, 'acme', 'id-1', parsed.json)) };
}

describe('parseOutboxMessage', () => {
  it('keeps bytes as bytes through the sealed store', () => {
    const pdf = randomBytes(64);
    const { sent } = roundTrip({
      to: 'qa@example.com',
      html: Buffer.from('<p>Hi</p>'),
      attachments: [
        { filename: 'report.pdf', content: pdf },
        { filename: 'notes.txt', content: 'aGk=', encoding: 'base64' },
      ],
    });
    expect(sent.html).toEqual(Buffer.from('<p>Hi</p>'));
    expect(sent.attachments).toEqual([
      { filename: 'report.pdf', content: pdf },
      { filename: 'notes.txt', content: 'aGk=', encoding: 'base64' },
    ]);
  });

  it('reads addresses in every shape nodemailer takes, domains as DNS spells them', () => {
    const { parsed, sent } = roundTrip({
      to: [
        'Dana <dana@example.com>, "Scully, Dana" <scully@EXAMPLE.com>',
        { name: 'Fox', address: 'fox@bücher.example' },
      ],
      cc: 'cc@example.com',
      replyTo: { address: 'replies@example.com' },
    });
    expect(parsed.to).toEqual(['dana@example.com', 'scully@example.com', 'fox@xn--bcher-kva.example']);
    expect(parsed.cc).toEqual(['cc@example.com']);
    expect(sent.to).toEqual([
      { name: 'Dana', address: 'dana@example.com' },
      { name: 'Scully, Dana', address: 'scully@example.com' },
      { name: 'Fox', address: 'fox@xn--bcher-kva.example' },
    ]);
    expect(sent.replyTo).toEqual([{ name: '', address: 'replies@example.com' }]);
  });

  it('takes headers by name, as entries, as one entry, and prepared', () => {
    const headers = (given: OutboxMessage['headers']) =>
      roundTrip({ to: 'qa@example.com', headers: given }).sent.headers;
    expect(headers({ 'X-Ticket': 'TC-42', 'X-Tag': ['a', 'b'] })).toEqual([
      { key: 'X-Ticket', value: 'TC-42' },
      { key: 'X-Tag', value: 'a' },
      { key: 'X-Tag', value: 'b' },
    ]);
    expect(headers({ key: 'X-Ticket', value: 'TC-42' })).toEqual([{ key: 'X-Ticket', value: 'TC-42' }]);
    const unsubscribe = { prepared: true, value: '<https://app.example.com/unsubscribe/42>' };
    expect(headers([{ key: 'List-Unsubscribe', value: unsubscribe }])).toEqual([
      { key: 'List-Unsubscribe', value: unsubscribe },
    ]);
  });

  it('refuses a header that sets the sender in the one-entry shape too', () => {
    expect(() =>
      parseOutboxMessage({ to: 'qa@example.com', headers: { key: 'From', value: 'x' } }, MAX),
    ).toThrow(/the From header/);
  });

  it('opens a message only with its own tenant and id', () => {
    const { json } = parseOutboxMessage({ to: 'qa@example.com', text: 'hi' }, MAX);
    const sealed = sealMessage(box, 'acme', 'id-1', json);
    expect(() => openMessage(box, 'globex', 'id-1', sealed)).toThrow(StoredMessageError);
    expect(() => openMessage(box, 'acme', 'id-2', sealed)).toThrow(/could not be decrypted/);
    const other = createSecretBox(randomBytes(32).toString('base64'));
    expect(() => openMessage(other, 'acme', 'id-1', sealed)).toThrow(StoredMessageError);
  });
});
