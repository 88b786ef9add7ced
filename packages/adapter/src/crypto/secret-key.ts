import { randomBytes } from 'node:crypto';

const KEY_BYTES = 32;

const HOW_TO_MAKE_ONE =
  'Make one with `npx smtp-settings generate-key`, `openssl rand -base64 32` or ' +
  "`node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`.";

/** Thrown at startup when the configured secret key is missing or unusable; the message never holds the key. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

/**
 * A new secret key: 32 random bytes in standard base64 (44 characters), what `secretKey` takes.
 *
 * @example
 * ```ts
 * const key = generateSecretKey(); // e.g. 'q0f9…Xw=' — keep it in the host's secret store
 * ```
 */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Decodes the configured secret key(s) into 32-byte AES-256 keys, in the given order, the first being the
 * one new values are sealed with.
 *
 * @example
 * ```ts
 * const [primary, ...older] = parseSecretKeys([currentKey, previousKey]);
 * ```
 */
export function parseSecretKeys(secretKey: string | readonly string[]): Buffer[] {
  // Configuration usually comes from an unset environment variable, so the types cannot be trusted here.
  const given: unknown = secretKey;
  if (given === undefined || given === null) {
    throw new SecretKeyError(`No secret key is configured (secretKey is ${given}). ${HOW_TO_MAKE_ONE}`);
  }
  const list: readonly unknown[] = Array.isArray(given) ? given : [given];
  if (list.length === 0) {
    throw new SecretKeyError(`The list of secret keys is empty; at least one is needed. ${HOW_TO_MAKE_ONE}`);
  }

  const keys: Buffer[] = [];
  list.forEach((value, index) => {
    const which = list.length === 1 ? 'The secret key' : `Secret key ${index + 1} of ${list.length}`;
    const key = decodeKey(value, which);
    if (!keys.some((known) => known.equals(key))) keys.push(key);
  });
  return keys;
}

function decodeKey(value: unknown, which: string): Buffer {
  if (typeof value !== 'string') {
    throw new SecretKeyError(`${which} is ${describeType(value)}, not a base64 string. ${HOW_TO_MAKE_ONE}`);
  }
  // Keys pasted into env files or read from `openssl` output often carry a trailing newline.
  const text = value.trim();
  if (text === '') {
    throw new SecretKeyError(`${which} is empty. ${HOW_TO_MAKE_ONE}`);
  }
  const key = decodeBase64(text);
  if (key === null) {
    throw new SecretKeyError(`${which} is not valid base64 (standard or URL-safe). ${HOW_TO_MAKE_ONE}`);
  }
  if (key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${which} decodes to ${key.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES}. ${HOW_TO_MAKE_ONE}`,
    );
  }
  return key;
}

/** Strict decoding: Node's own decoder silently skips characters it does not know, which hides typos. */
function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return null;
  const standard = unpadded.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Buffer.from(standard, 'base64');
  // Non-zero leftover bits mean the text was cut or mistyped rather than produced by an encoder.
  if (bytes.toString('base64').replace(/=+$/, '') !== standard) return null;
  return bytes;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `of type ${typeof value}`;
}
