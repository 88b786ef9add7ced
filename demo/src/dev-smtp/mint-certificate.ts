// tsyringe, which @peculiar/x509 builds on, throws at import unless a Reflect metadata polyfill is loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { DevCertificate } from './certificate.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
// Node's WebCrypto, passed to every call instead of setting the library's process-wide provider.
const crypto = webcrypto;

/**
 * Makes a private CA (10 years) and an EC P-256 server certificate for `localhost` and `127.0.0.1`
 * (825 days) that it signs, in JavaScript over Node's WebCrypto, so no `openssl` binary is needed.
 * The CA's private key is never returned: once the server certificate is signed it is dropped, and
 * nobody can mint another certificate this CA vouches for.
 *
 * @example
 * const { ca, cert, key } = await mintCertificate();
 */
export async function mintCertificate(now = new Date()): Promise<DevCertificate> {
  const caKeys = await newKeyPair();
  const caCert = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=smtp-settings demo CA',
      keys: caKeys,
      signingAlgorithm: EC_P256,
      notBefore: now,
      notAfter: new Date(now.getTime() + 3650 * DAY_MS),
      extensions: [
        // A path length of 0: the CA signs server certificates, never another CA.
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const serverKeys = await newKeyPair();
  const serverCert = await X509CertificateGenerator.create(
    {
      subject: 'CN=localhost',
      issuer: caCert.subject,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: EC_P256,
      notBefore: now,
      notAfter: new Date(now.getTime() + 825 * DAY_MS),
      extensions: [
        new BasicConstraintsExtension(false),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        // TLS clients match the host name against these, not against the CN.
        new SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
        ]),
        await SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    ca: caCert.toString('pem'),
    cert: serverCert.toString('pem'),
    key: PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}
