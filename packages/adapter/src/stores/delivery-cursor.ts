/** Where a page of the delivery log ended: the last message's creation time and its place in insertion order. */
export interface DeliveryCursor {
  /** ISO 8601 creation time of the last message shown. */
  createdAt: string;
  /** Its insertion order (a row id), which orders messages created in the same millisecond. */
  seq: number;
}

/**
 * The opaque `nextCursor` of a page that ended at this message: newest-first paging continues after it
 * even while new messages arrive, which offsets would shift.
 *
 * @example
 * deliveryCursor('2026-12-06T12:03:00.000Z', 42); // 'MjAyNi0xMi0wNlQxMjowMzowMC4wMDBaIzQy'
 */
export function deliveryCursor(createdAt: string, seq: number): string {
  return Buffer.from(`${createdAt}#${seq}`, 'utf8').toString('base64url');
}

/** Reads a cursor back, or `undefined` for one this store did not make. */
export function parseDeliveryCursor(cursor: string): DeliveryCursor | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#(\d{1,15})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  return match ? { createdAt: match[1] as string, seq: Number(match[2]) } : undefined;
}

/** Rejects a `cursor` this store did not make, so every store reports it the same way (the routes answer 400). */
export class DeliveryCursorError extends Error {
  override readonly name = 'DeliveryCursorError';

  constructor() {
    super('The cursor is not one a page of the delivery log gave.');
  }
}
