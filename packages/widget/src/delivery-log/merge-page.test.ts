import { expect } from '@open-wc/testing';
import type { DeliveryView } from '@smtp-settings/schema';
import { mergeFirstPage } from './merge-page.js';

const message = (id: string, status: DeliveryView['status'] = 'queued'): DeliveryView => ({
  id,
  status,
  source: 'outbox',
  createdAt: '2026-12-06T12:00:00.000Z',
  updatedAt: '2026-12-06T12:00:00.000Z',
  to: ['qa-lead@example.com'],
  cc: [],
  bcc: [],
  subject: `Message ${id}`,
  messageId: `<${id}@example.com>`,
  attempts: 0,
});

const ids = (page: { deliveries: DeliveryView[] }) => page.deliveries.map((delivery) => delivery.id);

describe('mergeFirstPage', () => {
  it('puts new and changed messages on top and keeps the older pages already loaded below', () => {
    const shown = { deliveries: ['e', 'd', 'c', 'b'].map((id) => message(id)), nextCursor: 'after-b' };
    const fresh = { deliveries: [message('f'), message('e', 'sent'), message('d')], nextCursor: 'after-d' };
    const merged = mergeFirstPage(shown, fresh);
    expect(ids(merged)).to.deep.equal(['f', 'e', 'd', 'c', 'b']);
    expect(merged.deliveries[1]?.status).to.equal('sent');
    expect(merged.nextCursor).to.equal('after-b');
  });

  it('takes a fresh page that reaches the end of the log as the whole list', () => {
    const shown = { deliveries: [message('b'), message('a')], nextCursor: 'after-a' };
    const merged = mergeFirstPage(shown, { deliveries: [message('c'), message('b')] });
    expect(ids(merged)).to.deep.equal(['c', 'b']);
    expect(merged.nextCursor).to.equal(undefined);
  });

  it('starts over from the fresh page when it ends above everything shown', () => {
    const shown = { deliveries: [message('b'), message('a')], nextCursor: 'after-a' };
    const merged = mergeFirstPage(shown, { deliveries: [message('d'), message('c')], nextCursor: 'after-c' });
    expect(ids(merged)).to.deep.equal(['d', 'c']);
    expect(merged.nextCursor).to.equal('after-c');
  });
});
