import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Reads the demo's secret key, generating one on first run. The file is readable by its owner only:
 * whoever holds it can decrypt the stored passwords.
 */
export function loadOrCreateSecretKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
