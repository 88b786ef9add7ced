import type { DeliveryFailure, DeliverySource } from '@smtp-settings/schema';
import type { DeliveryRecord, StoredDeliveryStatus, TenantHold } from '../outbox/delivery-store.js';

/** A delivery row as the SQL stores select it: recipients and the failure as JSON text. */
export interface DeliveryRow {
  id: string;
  tenant: string;
  source: DeliverySource;
  status: StoredDeliveryStatus;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  attempts: number | string;
  message_id: string;
  to_addresses: string;
  cc_addresses: string;
  bcc_addresses: string;
  subject: string;
  sent_at: string | null;
  failure: string | null;
}

/** A tenant hold row as the SQL stores select it. */
export interface HoldRow {
  tenant: string;
  failure: string;
  since: string;
  revision: number | string;
}

/** The columns a {@link DeliveryRow} is selected from. */
export const DELIVERY_COLUMNS = `id, tenant, source, status, idempotency_key, created_at, updated_at, due_at,
  attempts, message_id, to_addresses, cc_addresses, bcc_addresses, subject, sent_at, failure`;

/** The delivery record a row holds; `due_at` counts as `dueAt` only while a message waits for an attempt. */
export function toDelivery(row: DeliveryRow): DeliveryRecord {
  const waiting = row.status === 'queued' || row.status === 'retrying';
  return {
    id: row.id,
    tenant: row.tenant,
    source: row.source,
    status: row.status,
    ...(row.idempotency_key !== null && { idempotencyKey: row.idempotency_key }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(waiting && row.due_at !== null && { dueAt: row.due_at }),
    attempts: Number(row.attempts),
    messageId: row.message_id,
    to: JSON.parse(row.to_addresses),
    cc: JSON.parse(row.cc_addresses),
    bcc: JSON.parse(row.bcc_addresses),
    subject: row.subject,
    ...(row.sent_at !== null && { sentAt: row.sent_at }),
    ...(row.failure !== null && { failure: JSON.parse(row.failure) as DeliveryFailure }),
  };
}

/** The hold a row holds. */
export function toHold(row: HoldRow): TenantHold {
  return {
    tenant: row.tenant,
    failure: JSON.parse(row.failure),
    since: row.since,
    revision: Number(row.revision),
  };
}

/** Every recipient of a message once, lowercased as the recipient filter compares them, as JSON text. */
export function recipientsOf({ to, cc, bcc }: Pick<DeliveryRecord, 'to' | 'cc' | 'bcc'>): string {
  return JSON.stringify([...new Set([...to, ...cc, ...bcc].map((address) => address.toLowerCase()))]);
}
