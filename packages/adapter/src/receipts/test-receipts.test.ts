import { randomBytes } from 'node:crypto';
import type { SmtpSettings } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../crypto/secret-box.js';
import { canonicalJson } from './canonical-json.js';
import { createTestReceipts } from './test-receipts.js';

const key = () => randomBytes(32).toString('base64');
const settings: SmtpSettings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer',
  password: 'hunter2-secret',
  fromEmail: 'notifications@example.com',
};

describe('test receipts', () => {
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = () => new Date(now);

  it('passes for the same values, whatever the key order', () => {
    const receipts = createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock });
    const { receipt, expiresAt } = receipts.issue('acme', settings);
    expect(expiresAt.getTime()).toBe(now + 60_000);
    const reordered = Object.fromEntries(Object.entries(settings).reverse()) as SmtpSettings;
    expect(receipts.verify(receipt, 'acme', reordered)).toBe(true);
  });

  it('fails after any change, a secret included', () => {
    const receipts = createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock });
    const { receipt } = receipts.issue('acme', settings);
    for (const change of [
      { host: 'smtp2.example.com' },
      { port: 465 },
      { security: 'tls' },
      { username: 'other' },
      { password: 'hunter3-secret' },
      { fromEmail: 'other@example.com' },
      { fromName: 'Added' },
      { allowInvalidCertificate: true },
    ]) {
      expect(
        receipts.verify(receipt, 'acme', { ...settings, ...change } as SmtpSettings),
        JSON.stringify(change),
      ).toBe(false);
    }
    expect(receipts.verify(receipt, 'globex', settings)).toBe(false);
  });

  it('fails when expired', () => {
    const receipts = createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock });
    const { receipt } = receipts.issue('acme', settings);
    now += 60_000;
    expect(receipts.verify(receipt, 'acme', settings)).toBe(false);
  });

  it('cannot be forged, moved to a later expiry or signed with another key', () => {
    const receipts = createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock });
    const { receipt } = receipts.issue('acme', settings);
    const [format, expires, mac] = receipt.split('.');
    expect(receipts.verify(`${format}.${Number(expires) + 1000}.${mac}`, 'acme', settings)).toBe(false);
    expect(
      receipts.verify(
        createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock }).issue('acme', settings).receipt,
        'acme',
        settings,
      ),
    ).toBe(false);
    for (const garbage of [undefined, '', 'r1', 'r1.1.x', `${receipt}x`, receipt.toUpperCase()]) {
      expect(receipts.verify(garbage, 'acme', settings)).toBe(false);
    }
  });

  it('verifies receipts signed before a key rotation', () => {
    const [oldKey, newKey] = [key(), key()];
    const { receipt } = createTestReceipts(createSecretBox(oldKey), { ttlMs: 60_000, clock }).issue(
      'acme',
      settings,
    );
    expect(
      createTestReceipts(createSecretBox([newKey, oldKey]), { ttlMs: 60_000, clock }).verify(
        receipt,
        'acme',
        settings,
      ),
    ).toBe(true);
  });

  it('never contains a secret', () => {
    const { receipt } = createTestReceipts(createSecretBox(key()), { ttlMs: 60_000, clock }).issue(
      'acme',
      settings,
    );
    expect(receipt).not.toContain('hunter2');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
