/**
 * The test CA and its certificates, made once per process in JavaScript over Node's WebCrypto (no
 * `openssl` binary, so the tests run on Windows and macOS too): EC P-256, valid for a year.
 *
 * @module
 */
// tsyringe, which @peculiar/x509 builds on, throws at import unless a Reflect metadata polyfill is loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  type Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  type X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';

/** PEM certificates and keys for TLS tests. */
export interface TestCertificates {
  /** The test CA's certificate: trust it (e.g. `createTlsTrust(ca)`, `smtpTls: { ca }`) to trust `cert`. */
  ca: string;
  /** Key of `cert`. */
  key: string;
  /** Server certificate for `localhost` and `127.0.0.1`, signed by the test CA. */
  cert: string;
  /** Key of `selfSignedCert`. */
  selfSignedKey: string;
  /** Self-signed certificate for `localhost` and `127.0.0.1`, trusted by nothing. */
  selfSignedCert: string;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

// Made at import so that testCertificates() can stay synchronous for the many tests that call it.
const certificates = await createTestCertificates();

/**
 * The test CA and certificates, made when this module is first imported and kept for the process.
 *
 * @example
 * const result = await runProbe({ ...target, secureContext: createTlsTrust(testCertificates().ca) });
 */
export function testCertificates(): TestCertificates {
  return certificates;
}

async function createTestCertificates(): Promise<TestCertificates> {
  const caKeys = await newKeyPair();
  const ca = await issue('CN=smtp-settings test CA', caKeys, [
    new BasicConstraintsExtension(true, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
  ]);
  const serverKeys = await newKeyPair();
  const server = await issue('CN=localhost', serverKeys, serverExtensions(), {
    name: ca.subject,
    key: caKeys.privateKey,
  });
  const selfKeys = await newKeyPair();
  const self = await issue('CN=localhost', selfKeys, serverExtensions());
  return {
    ca: ca.toString('pem'),
    key: await privateKeyPem(serverKeys),
    cert: server.toString('pem'),
    selfSignedKey: await privateKeyPem(selfKeys),
    selfSignedCert: self.toString('pem'),
  };
}

/** A certificate for `subject` valid for a year from now, signed by `issuer` or, without one, by its own key. */
function issue(
  subject: string,
  keys: webcrypto.CryptoKeyPair,
  extensions: Extension[],
  issuer = { name: subject, key: keys.privateKey },
): Promise<X509Certificate> {
  return X509CertificateGenerator.create(
    {
      subject,
      issuer: issuer.name,
      publicKey: keys.publicKey,
      signingKey: issuer.key,
      signingAlgorithm: EC_P256,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + YEAR_MS),
      extensions,
    },
    webcrypto,
  );
}

function serverExtensions(): Extension[] {
  return [
    new BasicConstraintsExtension(false),
    new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
    new SubjectAlternativeNameExtension([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
    ]),
  ];
}

function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

async function privateKeyPem({ privateKey }: webcrypto.CryptoKeyPair): Promise<string> {
  return PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', privateKey), 'PRIVATE KEY');
}
