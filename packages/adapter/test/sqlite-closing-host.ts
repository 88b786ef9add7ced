/**
 * A host in a process of its own that opens a SQLite store on the file its argument names, enqueues a
 * message (which starts the store's background checkpoint) and closes the store, then prints `closed`:
 * closing must hold the process up until its thread has stopped, or the process would end midway.
 *
 * @module
 */
import { sqliteStore } from '../src/stores/sqlite-store.js';

const store = sqliteStore({ filename: process.argv[2] ?? '' });
await store.addDelivery({
  id: 'delivery-1',
  tenant: 'acme',
  source: 'outbox',
  status: 'queued',
  createdAt: '2026-01-01T00:00:00.000Z',
  messageId: '<delivery-1@mail.example.com>',
  to: ['qa-lead@example.com'],
  cc: [],
  bcc: [],
  subject: 'Test case TC-42 was updated',
  content: 'v1.sealed.content',
});
await store.close();
process.stdout.write('closed');
