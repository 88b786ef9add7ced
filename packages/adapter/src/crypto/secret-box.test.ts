import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretUnreadableError } from './secret-box.js';
import { SecretKeyError } from './secret-key.js';

const newKey = () => randomBytes(32).toString('base64');
const binding = { tenant: 'acme', field: 'password' };
const PLAINTEXT = 'correct horse battery staple';

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

/** Swaps one character of a base64url segment for another valid one, i.e. flips bits without breaking the format. */
function flipCharIn(sealed: string, segment: number): string {
  const parts = sealed.split('.');
  const text = parts[segment] as string;
  const at = Math.floor(text.length / 2);
  const swapped = text[at] === 'A' ? 'B' : 'A';
  parts[segment] = text.slice(0, at) + swapped + text.slice(at + 1);
  return parts.join('.');
}

describe('createSecretBox', () => {
  it('round-trips a value', () => {
    const box = createSecretBox(newKey());
    expect(box.open(box.seal(PLAINTEXT, binding), binding)).toBe(PLAINTEXT);
  });

  it('round-trips unicode, an empty string and a 16 KB value', () => {
    const box = createSecretBox(newKey());
    for (const value of [
      'pässwörd 🔐 パスワード',
      '',
      'x'.repeat(16 * 1024),
      randomBytes(12_000).toString('hex'),
    ]) {
      expect(box.open(box.seal(value, binding), binding)).toBe(value);
    }
  });

  it('produces the compact v1 format with a key fingerprint', () => {
    const box = createSecretBox(newKey());
    const sealed = box.seal(PLAINTEXT, binding);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain(PLAINTEXT);
  });

  it('seals the same value differently every time', () => {
    const box = createSecretBox(newKey());
    const a = box.seal(PLAINTEXT, binding);
    const b = box.seal(PLAINTEXT, binding);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  describe('tamper detection', () => {
    const box = createSecretBox(newKey());
    const sealed = box.seal(PLAINTEXT, binding);
    const cases: Record<string, string> = {
      'a flipped IV': flipCharIn(sealed, 2),
      'a flipped ciphertext': flipCharIn(sealed, 3),
      'a flipped tag': flipCharIn(sealed, 4),
      'a flipped key id': flipCharIn(sealed, 1),
      'a truncated value': sealed.slice(0, -1),
      'a value cut at a dot': sealed.slice(0, sealed.lastIndexOf('.')),
      'an extra segment': `${sealed}.AAAA`,
      'another format version': sealed.replace(/^v1/, 'v2'),
      garbage: 'not a sealed value at all',
      'an empty string': '',
    };

    for (const [name, tampered] of Object.entries(cases)) {
      it(`rejects ${name}`, () => {
        const error = catchError(() => box.open(tampered, binding));
        expect(error).toBeInstanceOf(SecretUnreadableError);
        expect(error.name).toBe('SecretUnreadableError');
        expect((error as SecretUnreadableError).field).toBe('password');
        expect(error.message).toContain('The stored password cannot be decrypted');
        expect(error.message).not.toContain(PLAINTEXT);
        if (tampered !== '') expect(error.message).not.toContain(tampered);
      });
    }

    it('rejects every single flipped bit of IV, ciphertext and tag', () => {
      const parts = sealed.split('.');
      for (const segment of [2, 3, 4]) {
        const bytes = Buffer.from(parts[segment] as string, 'base64url');
        for (let index = 0; index < bytes.length; index++) {
          for (const bit of [0x01, 0x80]) {
            const flipped = Buffer.from(bytes);
            flipped[index] = (flipped[index] as number) ^ bit;
            const copy = [...parts];
            copy[segment] = flipped.toString('base64url');
            expect(() => box.open(copy.join('.'), binding)).toThrow(SecretUnreadableError);
          }
        }
      }
    });

    it('says the ciphertext was altered when authentication fails', () => {
      const error = catchError(() => box.open(flipCharIn(sealed, 3), binding)) as SecretUnreadableError;
      expect(error.reason).toBe('rejected');
      expect(error.message).toContain('altered');
      expect(error.cause).toBeUndefined();
    });

    it('rejects a value that is not a string', () => {
      expect(() => box.open(42 as unknown as string, binding)).toThrow(SecretUnreadableError);
    });
  });

  describe('binding', () => {
    const box = createSecretBox(newKey());
    const sealed = box.seal(PLAINTEXT, binding);

    it('rejects a value moved to another tenant', () => {
      expect(() => box.open(sealed, { ...binding, tenant: 'globex' })).toThrow(SecretUnreadableError);
    });

    it('rejects a value moved to another field', () => {
      const error = catchError(() => box.open(sealed, { ...binding, field: 'clientSecret' }));
      expect(error).toBeInstanceOf(SecretUnreadableError);
      expect((error as SecretUnreadableError).field).toBe('clientSecret');
      expect(error.message).not.toContain(PLAINTEXT);
    });

    it('keeps tenant and field apart even when a separator would blur them', () => {
      const blurred = box.seal(PLAINTEXT, { tenant: 'a:b', field: 'c' });
      expect(() => box.open(blurred, { tenant: 'a', field: 'b:c' })).toThrow(SecretUnreadableError);
      expect(box.open(blurred, { tenant: 'a:b', field: 'c' })).toBe(PLAINTEXT);
    });
  });

  describe('key rotation', () => {
    const oldKey = newKey();
    const newerKey = newKey();
    const oldBox = createSecretBox(oldKey);
    const sealedWithOld = oldBox.seal(PLAINTEXT, binding);

    it('opens values sealed with an older key listed after the new one', () => {
      const box = createSecretBox([newerKey, oldKey]);
      expect(box.open(sealedWithOld, binding)).toBe(PLAINTEXT);
    });

    it('seals with the first key and tells which values still use an older one', () => {
      const box = createSecretBox([newerKey, oldKey]);
      const resealed = box.seal(PLAINTEXT, binding);
      expect(box.isSealedWithPrimary(resealed)).toBe(true);
      expect(box.isSealedWithPrimary(sealedWithOld)).toBe(false);
      expect(createSecretBox(newerKey).open(resealed, binding)).toBe(PLAINTEXT);
      expect(() => oldBox.open(resealed, binding)).toThrow(SecretUnreadableError);
    });

    it('answers false rather than throwing for a malformed value', () => {
      expect(createSecretBox(newerKey).isSealedWithPrimary('garbage')).toBe(false);
    });

    it('fails clearly once the old key is no longer configured', () => {
      const error = catchError(() => createSecretBox(newerKey).open(sealedWithOld, binding));
      expect(error).toBeInstanceOf(SecretUnreadableError);
      expect((error as SecretUnreadableError).reason).toBe('unknown-key');
      expect(error.message).toContain('key that is no longer configured');
      expect(error.message).not.toContain(sealedWithOld);
      expect(error.message).not.toContain(PLAINTEXT);
      expect(error.message).not.toContain(oldKey);
    });
  });

  it('refuses to start without a usable key', () => {
    expect(() => createSecretBox(randomBytes(16).toString('base64'))).toThrow(SecretKeyError);
    expect(() => createSecretBox([])).toThrow(SecretKeyError);
  });

  it('refuses to seal a non-string without quoting it', () => {
    const box = createSecretBox(newKey());
    const error = catchError(() => box.seal(123456 as unknown as string, binding));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).not.toContain('123456');
  });
});
