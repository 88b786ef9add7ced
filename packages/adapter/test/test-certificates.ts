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
  const dates = { notBefore: new Date(), notAfter: new Date(Date.now() + YEAR_MS) };
  const serverExtensions = (): Extension[] => [
    new BasicConstraintsExtension(false),
    new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
    new SubjectAlternativeNameExtension([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
    ]),
  ];
  const caKeys = await newKeyPair();
  const ca = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=smtp-settings test CA',
      keys: caKeys,
      signingAlgorithm: EC_P256,
      ...dates,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      ],
    },
    webcrypto,
  );
  const serverKeys = await newKeyPair();
  const server = await X509CertificateGenerator.create(
    {
      subject: 'CN=localhost',
      issuer: ca.subject,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: EC_P256,
      ...dates,
      extensions: serverExtensions(),
    },
    webcrypto,
  );
  const selfKeys = await newKeyPair();
  const self = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=localhost',
      keys: selfKeys,
      signingAlgorithm: EC_P256,
      ...dates,
      extensions: serverExtensions(),
    },
    webcrypto,
  );
  return {
    ca: ca.toString('pem'),
    key: await privateKeyPem(serverKeys),
    cert: server.toString('pem'),
    selfSignedKey: await privateKeyPem(selfKeys),
    selfSignedCert: self.toString('pem'),
  };
}

function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

async function privateKeyPem({ privateKey }: webcrypto.CryptoKeyPair): Promise<string> {
  return PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', privateKey), 'PRIVATE KEY');
}
