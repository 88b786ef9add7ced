import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The S256 code challenge of a PKCE code verifier (RFC 7636). */
export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A one-way digest of a state nonce, so the store never holds the value a callback must present. */
export function digestOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Compares a presented value with a stored digest in constant time. */
export function matchesDigest(value: string, digest: string): boolean {
  const given = Buffer.from(digestOf(value));
  const expected = Buffer.from(digest);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
