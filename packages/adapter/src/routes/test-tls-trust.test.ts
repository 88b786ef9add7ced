import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicDraft, createTestApp, SECRETS } from '../../test/app-fixture.js';
import { runTypeScript } from '../../test/fresh-process.js';
import { watchSecureContexts } from '../../test/secure-contexts.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { memoryStore } from '../stores/memory-store.js';

const USER = 'mailer@example.com';
const CHILD = new URL('../../test/test-with-smtp-tls.ts', import.meta.url);

describe('POST /test with smtpTls: { ca }', () => {
  // One server with a certificate of the test CA, one with a self-signed certificate.
  let withTestCa: SmtpServerFixture;
  let selfSigned: SmtpServerFixture;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    const users = { [USER]: SECRETS.password };
    withTestCa = await startSmtpServer({ security: 'starttls', users });
    selfSigned = await startSmtpServer({ security: 'starttls', users, certificate: 'self-signed' });
    dir = mkdtempSync(join(tmpdir(), 'smtp-settings-trust-'));
    writeFileSync(file('test-ca.pem'), testCertificates().ca);
    writeFileSync(file('self-signed.pem'), testCertificates().selfSignedCert);
  });
  afterAll(async () => {
    await Promise.all([withTestCa.close(), selfSigned.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The error code of a Test of each server (`null`: passed), from a fresh process trusting the self-signed certificate through `smtpTls`. */
  async function codesInFreshProcess(options: { env?: Record<string, string>; execArgv?: string[] } = {}) {
    const ports = [withTestCa.port, selfSigned.port].map(String);
    const out = await runTypeScript(CHILD, { ...options, args: [file('self-signed.pem'), ...ports] });
    return JSON.parse(out) as Array<string | null>;
  }

  it('trusts the private CA in addition to what the process trusts, not instead of it', {
    timeout: 60_000,
  }, async () => {
    const [alone, extra, system] = await Promise.all([
      codesInFreshProcess(),
      codesInFreshProcess({ env: { NODE_EXTRA_CA_CERTS: file('test-ca.pem') } }),
      codesInFreshProcess({ execArgv: ['--use-openssl-ca'], env: { SSL_CERT_FILE: file('test-ca.pem') } }),
    ]);
    // By default the process rejects the test CA; smtpTls adds the self-signed certificate.
    expect(alone).toEqual(['TLS_CERT_INVALID', null]);
    // NODE_EXTRA_CA_CERTS, read only when a process starts, stays trusted next to smtpTls.
    expect(extra).toEqual([null, null]);
    // So does the system store of --use-openssl-ca, which stands in for the public roots it replaces.
    expect(system).toEqual([null, null]);
  });

  it('parses the certificates once per configuration, not for each connection', async () => {
    const api = createTestApp({ store: memoryStore(), smtpTls: { ca: testCertificates().ca } });
    const built = watchSecureContexts();
    try {
      for (let run = 0; run < 3; run += 1) {
        const settings = basicDraft({ host: 'localhost', port: withTestCa.port, security: 'starttls' });
        const body = (await api.call('POST', '/test', { body: { settings } })).body as TestResponse;
        expect(body.ok).toBe(true);
      }
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});
