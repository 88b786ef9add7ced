import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.js';
import { canonicalJson } from './canonical-json.js';

const FORMAT = 'r1';
const RECEIPT = /^r1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

/**
 * Issues and checks proofs that exactly these settings passed a connection test. The settings are any
 * JSON-like object: the tested settings with every field and secret, or what the caller lets stand for them.
 */
export interface TestReceipts {
  /** A receipt for `settings` of `tenant`, valid until the returned time. */
  issue(tenant: string, settings: object): { receipt: string; expiresAt: Date };
  /** Whether `receipt` was issued for these very settings of `tenant` and has not expired. */
  verify(receipt: string | undefined, tenant: string, settings: object): boolean;
}

/**
 * Creates receipts signed with an HMAC key derived from the secret key, so a receipt cannot be forged
 * and changes no stored data; any changed field, tenant or an expiry gives a different MAC. Keys rotate
 * like secrets: the first key signs, any key verifies.
 *
 * @example
 * ```ts
 * const receipts = createTestReceipts(createSecretBox(secretKey), { ttlMs: 15 * 60_000, clock: () => new Date() });
 * const { receipt } = receipts.issue('acme', settings);
 * receipts.verify(receipt, 'acme', settings); // true
 * ```
 */
export function createTestReceipts(
  secrets: SecretBox,
  { ttlMs, clock }: { ttlMs: number; clock: () => Date },
): TestReceipts {
  // Keys of their own: the encryption keys themselves are never used for anything but encryption.
  const macKeys = secrets.deriveKeys('smtp-settings test receipt');
  const mac = (key: Buffer, tenant: string, expires: number, settings: object) =>
    createHmac('sha256', key)
      .update(JSON.stringify([FORMAT, tenant, expires]))
      .update(canonicalJson(settings))
      .digest();

  return {
    issue(tenant, settings) {
      const expires = clock().getTime() + ttlMs;
      const signature = mac(macKeys[0] as Buffer, tenant, expires, settings).toString('base64url');
      return { receipt: `${FORMAT}.${expires}.${signature}`, expiresAt: new Date(expires) };
    },
    verify(receipt, tenant, settings) {
      const match = RECEIPT.exec(receipt ?? '');
      if (!match) return false;
      const expires = Number(match[1]);
      if (expires <= clock().getTime()) return false;
      const given = Buffer.from(match[2] as string, 'base64url');
      return macKeys.some((key) => timingSafeEqual(mac(key, tenant, expires, settings), given));
    },
  };
}
