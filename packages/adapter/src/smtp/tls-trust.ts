import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext } from 'node:tls';

/** PEM certificates as `tls.connect`'s `ca` option takes them. */
export type PemCertificates = string | Buffer | Array<string | Buffer>;

/**
 * The trust of TLS connections to SMTP servers: what the process trusts by default (Node's bundled
 * roots, or the system store with `--use-openssl-ca`, and `NODE_EXTRA_CA_CERTS`) plus `ca`, parsed
 * once into a secure context that every connection shares (`tls.connect({ secureContext })`), where a
 * `ca` option would replace the default trust and be parsed again by each connection.
 *
 * @example
 * const tlsTrust = createTlsTrust(readFileSync('private-ca.pem', 'utf8')); // as `createSmtpConfig` builds it
 */
export function createTlsTrust(ca?: PemCertificates): SecureContext {
  const trust = createSecureContext();
  if (ca === undefined) return trust;
  // The first added certificate gives the context a store of its own, filled from the bundled (or
  // system) roots; Node 20 leaves NODE_EXTRA_CA_CERTS out of it, so those are added back too.
  for (const pem of [...extraCaCertificates(), ...[ca].flat()]) trust.context.addCACert(pem);
  return trust;
}

/** The certificates Node read from `NODE_EXTRA_CA_CERTS` at startup; like Node, an unreadable file adds none. */
function extraCaCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}
