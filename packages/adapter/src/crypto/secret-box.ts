import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import { englishText } from '../failures/server-text.js';
import { parseSecretKeys } from './secret-key.js';

const FORMAT = 'v1';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** What a sealed value is bound to, so it cannot be replayed into another tenant or field. */
export interface SecretBinding {
  /** The tenant the value belongs to. */
  tenant: string;
  /** The settings field the value is stored in, e.g. `password`. */
  field: string;
}

/** Encrypts and decrypts secret settings fields with authenticated encryption. */
export interface SecretBox {
  /** Encrypts `plaintext` with the primary key into a compact `v1.<keyId>.<iv>.<ciphertext>.<tag>` string. */
  seal(plaintext: string, binding: SecretBinding): string;
  /** Decrypts a value `seal` produced for the same binding, or throws {@link SecretUnreadableError}. */
  open(sealed: string, binding: SecretBinding): string;
  /** Whether `sealed` was made with the primary key; `false` tells a caller to re-seal it after a rotation. */
  isSealedWithPrimary(sealed: string): boolean;
  /** One 32-byte key per configured key, primary first, derived for `purpose`: the encryption keys serve nothing else. */
  deriveKeys(purpose: string): Buffer[];
}

/** Why a sealed value could not be opened. */
export type SecretUnreadableReason = 'malformed' | 'unknown-key' | 'rejected';

const MESSAGE_KEYS = {
  malformed: 'error.secretMalformed',
  'unknown-key': 'error.secretKeyUnknown',
  rejected: 'error.secretRejected',
} as const satisfies Record<SecretUnreadableReason, ServerTextKey>;

/** Thrown when a stored secret cannot be decrypted; the message never holds the sealed or the plain value. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
  /** The message's key in `SERVER_TEXTS`. */
  readonly messageKey: ServerTextKey;
  /** The values of the message's placeholders: the field, and for an unknown key its id. */
  readonly params: ServerTextParams;

  constructor(
    /** The settings field whose value could not be decrypted. */
    readonly field: string,
    /** Whether the value was not a sealed value, named a key that is not configured, or failed authentication. */
    readonly reason: SecretUnreadableReason,
    /** The id of the key it was sealed with, for `unknown-key`. */
    keyId = '',
  ) {
    const messageKey = MESSAGE_KEYS[reason];
    const params: ServerTextParams = reason === 'unknown-key' ? { field, keyId } : { field };
    super(englishText(messageKey, params));
    this.messageKey = messageKey;
    this.params = params;
  }
}

interface SealedParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Creates a box that seals with the first of the given keys and opens with whichever key a value names,
 * so keys rotate by prepending the new one; throws a `SecretKeyError` at once when a key is unusable.
 *
 * @example
 * ```ts
 * const box = createSecretBox([currentKey, previousKey]);
 * const sealed = box.seal('hunter2', { tenant: 'acme', field: 'password' });
 * box.open(sealed, { tenant: 'acme', field: 'password' }); // 'hunter2'
 * ```
 */
export function createSecretBox(secretKey: string | readonly string[]): SecretBox {
  const parsed = parseSecretKeys(secretKey);
  const keys = new Map(parsed.map((key) => [keyIdOf(key), key]));
  const primary = parsed[0] as Buffer;
  const primaryId = keyIdOf(primary);

  return {
    seal(plaintext, binding) {
      // Node's own type error would quote the offending value, which may be a secret.
      if (typeof plaintext !== 'string') {
        throw new TypeError(`The ${binding.field} to seal must be a string, not ${typeof plaintext}.`);
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, primary, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(binding));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const encoded = [iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString('base64url'));
      return [FORMAT, primaryId, ...encoded].join('.');
    },

    open(sealed, binding) {
      const parts = parseSealed(sealed);
      if (parts === null) throw new SecretUnreadableError(binding.field, 'malformed');
      const key = keys.get(parts.keyId);
      if (key === undefined) throw new SecretUnreadableError(binding.field, 'unknown-key', parts.keyId);
      try {
        const decipher = createDecipheriv(CIPHER, key, parts.iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(parts.tag);
        decipher.setAAD(associatedData(binding));
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // node:crypto only ever says "unable to authenticate data" here; our message says what it means.
        throw new SecretUnreadableError(binding.field, 'rejected');
      }
    },

    isSealedWithPrimary(sealed) {
      return parseSealed(sealed)?.keyId === primaryId;
    },

    deriveKeys(purpose) {
      return parsed.map((key) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, 32)));
    },
  };
}

/** A short public fingerprint of a key, so `open` finds the right key without trying each one. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest().subarray(0, 8).toString('base64url');
}

/** JSON keeps tenant and field apart, so `a:b` + `c` and `a` + `b:c` bind differently. */
function associatedData({ tenant, field }: SecretBinding): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, tenant, field]), 'utf8');
}

function parseSealed(sealed: unknown): SealedParts | null {
  if (typeof sealed !== 'string') return null;
  const parts = sealed.split('.');
  if (parts.length !== 5) return null;
  const [format, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (format !== FORMAT || !parts.every((part) => BASE64URL.test(part))) return null;
  const decoded = { keyId, iv: decode(iv), ciphertext: decode(ciphertext), tag: decode(tag) };
  if (decoded.iv?.length !== IV_BYTES || decoded.tag?.length !== TAG_BYTES || decoded.ciphertext === null) {
    return null;
  }
  return decoded as SealedParts;
}

/** Rejects text that is not what `toString('base64url')` would have written, since Node decodes leniently. */
function decode(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
