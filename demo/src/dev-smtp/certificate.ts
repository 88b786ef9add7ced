import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The dev mail server's certificate, and the private CA that signed it for the adapter to trust. */
export interface DevCertificate {
  /** The demo CA's certificate (PEM): pass it as `smtpTls: { ca }` so STARTTLS verifies. */
  ca: string;
  /** The server certificate for `localhost` and `127.0.0.1` (PEM). */
  cert: string;
  /** The server certificate's private key (PEM). */
  key: string;
}

const FILES = { ca: 'ca.crt', cert: 'server.crt', key: 'server.key' } as const;

/**
 * Reads the dev mail server's certificate from `dir`, making a CA and a server certificate on first run
 * (in JavaScript, no `openssl` needed), so restarts keep the CA a browser or client may have trusted.
 *
 * @example
 * const { ca, cert, key } = await loadOrCreateCertificate(join(dataDir, 'tls'));
 */
export async function loadOrCreateCertificate(dir: string): Promise<DevCertificate> {
  const file = (name: string) => join(dir, name);
  if (!Object.values(FILES).every((name) => existsSync(file(name)))) {
    // Loaded only here: a restart that finds its files never pays for the certificate library.
    const { mintCertificate } = await import('./mint-certificate.js');
    const certificate = await mintCertificate();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file(FILES.key), certificate.key, { mode: 0o600 });
    writeFileSync(file(FILES.cert), certificate.cert);
    // Written last: a run stopped halfway leaves no CA, so the next one makes all three again.
    writeFileSync(file(FILES.ca), certificate.ca);
    return certificate;
  }
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return { ca: read(FILES.ca), cert: read(FILES.cert), key: read(FILES.key) };
}
