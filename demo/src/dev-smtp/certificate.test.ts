import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DevCertificate, loadOrCreateCertificate } from './certificate.js';

/** Handshakes with `server` as Node's TLS client does, resolving with the error code it fails with, or 'ok'. */
function handshake(server: Server, options: { servername?: string; ca?: string }): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ...options }, () => {
      socket.end();
      resolve('ok');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('loadOrCreateCertificate', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'smtp-settings-cert-')), 'tls');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('makes a CA that Node verifies the server certificate against, for localhost and 127.0.0.1', async () => {
    const { ca, cert, key } = await loadOrCreateCertificate(dir);
    const server = createServer({ key, cert }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await handshake(server, { ca, servername: 'localhost' })).toBe('ok');
      expect(await handshake(server, { ca })).toBe('ok'); // checked against the IP address 127.0.0.1
      // The controls: another name, or no trust in the demo CA, must fail.
      expect(await handshake(server, { ca, servername: 'example.com' })).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(await handshake(server, { servername: 'localhost' })).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const authority = new X509Certificate(ca);
    const leaf = new X509Certificate(cert);
    expect(authority.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(authority)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(leaf.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    expect(days(leaf.validFrom, leaf.validTo)).toBe(825);
    expect(days(authority.validFrom, authority.validTo)).toBe(3650);
  });

  it('keeps the CA across restarts: the second run reads the same files and writes none', async () => {
    const first = await loadOrCreateCertificate(dir);
    const written = (name: string) => statSync(join(dir, name)).mtimeMs;
    const before = ['ca.crt', 'server.crt', 'server.key'].map(written);

    const second = await loadOrCreateCertificate(dir);
    expect(second).toEqual(first);
    expect(['ca.crt', 'server.crt', 'server.key'].map(written)).toEqual(before);
    // The CA's key is never stored: nobody can mint another certificate this CA vouches for.
    expect(readdirSync(dir).sort()).toEqual(['ca.crt', 'server.crt', 'server.key']);
    expect(readFileSync(join(dir, 'server.key'), 'utf8')).toBe(first.key);
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('makes a new CA when a file is missing, as after a run stopped while writing them', async () => {
    const first: DevCertificate = await loadOrCreateCertificate(dir);
    unlinkSync(join(dir, 'ca.crt'));
    const second = await loadOrCreateCertificate(dir);
    expect(second.ca).not.toBe(first.ca);
    expect(new X509Certificate(second.cert).checkIssued(new X509Certificate(second.ca))).toBe(true);
    expect(await loadOrCreateCertificate(dir)).toEqual(second);
  });
});
