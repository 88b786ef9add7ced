import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * Reads the dev mail server's certificate from `dir`, making a CA and a server certificate with the
 * openssl CLI on first run (about 10 ms), so restarts keep the CA a browser or client may have trusted.
 *
 * @example
 * const { ca, cert, key } = loadOrCreateCertificate(join(dataDir, 'tls'));
 */
export function loadOrCreateCertificate(dir: string): DevCertificate {
  const file = (name: string) => join(dir, name);
  if (!Object.values(FILES).every((name) => existsSync(file(name)))) createCertificate(dir);
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return { ca: read(FILES.ca), cert: read(FILES.cert), key: read(FILES.key) };
}

function createCertificate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    file('ca.key'),
    '-out',
    file(FILES.ca),
    '-days',
    '3650',
    '-subj',
    '/CN=smtp-settings demo CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...newKey, '-keyout', file(FILES.key), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file(FILES.ca),
    '-CAkey',
    file('ca.key'),
    '-set_serial',
    '2',
    '-days',
    '825',
    '-extfile',
    file('server.ext'),
    '-out',
    file(FILES.cert),
  );
  // The CA key is only needed to sign once; without it nobody can mint more certificates this CA vouches for.
  for (const name of ['ca.key', 'server.csr', 'server.ext']) rmSync(file(name), { force: true });
}
