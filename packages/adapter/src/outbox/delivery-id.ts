import { randomBytes } from 'node:crypto';

// Like a flow id: URL-safe, and no longer than any store's column or a log line needs.
const DELIVERY_ID = /^[A-Za-z0-9_-]{22,64}$/;

/** A new random, unguessable id for a message in the delivery log: 18 random bytes, URL-safe (24 characters). */
export function newDeliveryId(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Whether `value` has the shape of a delivery id, checked before a lookup so a store never gets bytes
 * it cannot hold (control characters, half a surrogate pair, kilobytes); anything else names no message.
 */
export function isDeliveryId(value: string): boolean {
  return DELIVERY_ID.test(value);
}
