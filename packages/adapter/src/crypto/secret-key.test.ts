import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKeys, SecretKeyError } from './secret-key.js';

const ADVICE = 'openssl rand -base64 32';

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseSecretKeys', () => {
  it('decodes a standard base64 key', () => {
    const key = randomBytes(32);
    expect(parseSecretKeys(key.toString('base64'))).toEqual([key]);
  });

  it('decodes a url-safe base64 key, with or without padding', () => {
    // 0xfb… bytes make sure `-` and `_` appear in the url-safe text.
    const key = Buffer.alloc(32, 0xfb);
    expect(parseSecretKeys(key.toString('base64url'))).toEqual([key]);
    expect(parseSecretKeys(`${key.toString('base64url')}=`)).toEqual([key]);
  });

  it('ignores surrounding whitespace such as a trailing newline', () => {
    const key = randomBytes(32);
    expect(parseSecretKeys(`  ${key.toString('base64')}\n`)).toEqual([key]);
  });

  it('keeps the order of a list and drops duplicates', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const list = [a, b, a].map((key) => key.toString('base64'));
    expect(parseSecretKeys(list)).toEqual([a, b]);
  });

  it('rejects a missing key with advice', () => {
    const error = catchError(() => parseSecretKeys(undefined as unknown as string));
    expect(error).toBeInstanceOf(SecretKeyError);
    expect(error.name).toBe('SecretKeyError');
    expect(error.message).toContain('No secret key');
    expect(error.message).toContain(ADVICE);
    expect(error.message).toContain('randomBytes(32)');
  });

  it('rejects an empty string and an empty list', () => {
    expect(catchError(() => parseSecretKeys('')).message).toMatch(/is empty.*openssl rand -base64 32/);
    expect(catchError(() => parseSecretKeys([])).message).toMatch(/list of secret keys is empty.*openssl/);
  });

  it('rejects a 16-byte key, saying how many bytes it decoded to but not the key', () => {
    const short = randomBytes(16).toString('base64');
    const error = catchError(() => parseSecretKeys(short));
    expect(error).toBeInstanceOf(SecretKeyError);
    expect(error.message).toContain('16 bytes');
    expect(error.message).toContain('32');
    expect(error.message).toContain(ADVICE);
    expect(error.message).not.toContain(short);
  });

  it('names the position of the bad key in a list', () => {
    const good = randomBytes(32).toString('base64');
    const long = randomBytes(48).toString('base64');
    const error = catchError(() => parseSecretKeys([good, long]));
    expect(error.message).toContain('Secret key 2 of 2');
    expect(error.message).toContain('48 bytes');
    expect(error.message).not.toContain(long);
    expect(error.message).not.toContain(good);
  });

  it('rejects text that is not base64 without quoting it', () => {
    const typo = `${randomBytes(32).toString('base64').slice(0, 40)}!@#$`;
    const error = catchError(() => parseSecretKeys(typo));
    expect(error).toBeInstanceOf(SecretKeyError);
    expect(error.message).toContain('not valid base64');
    expect(error.message).toContain(ADVICE);
    expect(error.message).not.toContain(typo);
  });

  it('rejects base64 that was cut short', () => {
    const cut = randomBytes(32).toString('base64').slice(0, 41);
    expect(catchError(() => parseSecretKeys(cut))).toBeInstanceOf(SecretKeyError);
  });

  it('rejects a list entry that is not a string', () => {
    const error = catchError(() => parseSecretKeys([42] as unknown as string[]));
    expect(error.message).toContain('not a base64 string');
    expect(error.message).not.toContain('42');
  });
});
