import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const SECRET = 'alerts-secret-0123456789abcdef-long-enough';
const BODY = JSON.stringify({ id: 'e1', type: 'delivery.held', tenant: 'acme', at: '2026-12-06T12:00:00Z' });
const SENT = new Date('2026-12-06T12:00:00.000Z');

describe('webhook signature', () => {
  it('verifies a request signed with the same secret, within the tolerance', () => {
    const header = signWebhook(BODY, SECRET, SENT);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(BODY, header, SECRET, { now: new Date(SENT.getTime() + 299_000) })).toBe(
      true,
    );
  });

  it('rejects a wrong secret', () => {
    const header = signWebhook(BODY, SECRET, SENT);
    expect(verifyWebhookSignature(BODY, header, `${SECRET}x`, { now: SENT })).toBe(false);
  });

  it('rejects a tampered body', () => {
    const header = signWebhook(BODY, SECRET, SENT);
    expect(verifyWebhookSignature(BODY.replace('acme', 'evil'), header, SECRET, { now: SENT })).toBe(false);
  });

  it('rejects a replayed request: a signature older than the tolerance', () => {
    const header = signWebhook(BODY, SECRET, SENT);
    const later = new Date(SENT.getTime() + 301_000);
    expect(verifyWebhookSignature(BODY, header, SECRET, { now: later })).toBe(false);
    expect(verifyWebhookSignature(BODY, header, SECRET, { now: later, toleranceSeconds: 600 })).toBe(true);
  });

  it('rejects a time moved forward with the old signature kept', () => {
    const [, signature] = signWebhook(BODY, SECRET, SENT).split(',');
    const forged = `t=${SENT.getTime() / 1000 + 400},${signature}`;
    expect(verifyWebhookSignature(BODY, forged, SECRET, { now: new Date(SENT.getTime() + 400_000) })).toBe(
      false,
    );
  });

  it('accepts any of several v1 signatures, as during a change of secret', () => {
    const header = signWebhook(BODY, SECRET, SENT);
    const other = signWebhook(BODY, 'another-secret-0123456789abcdef-long', SENT).split(',')[1];
    expect(verifyWebhookSignature(BODY, `${header},${other}`, SECRET, { now: SENT })).toBe(true);
    expect(verifyWebhookSignature(BODY, `t=${SENT.getTime() / 1000},${other}`, SECRET, { now: SENT })).toBe(
      false,
    );
  });

  it('rejects a missing or malformed header', () => {
    for (const header of [undefined, null, '', 'v1=abc', 't=abc,v1=00', `t=${SENT.getTime() / 1000},v1=zz`]) {
      expect(verifyWebhookSignature(BODY, header, SECRET, { now: SENT })).toBe(false);
    }
  });
});
