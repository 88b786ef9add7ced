import { connect, type SecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRawTlsServer } from '../../test/raw-tls-server.js';
import { type RawServerFixture, testCertificates } from '../../test/smtp-server-fixture.js';
import { createTlsTrust } from './tls-trust.js';

let server: RawServerFixture;
beforeAll(async () => {
  server = await startRawTlsServer((socket) => socket.end());
});
afterAll(() => server.close());

/** Whether a handshake with the test server verifies its certificate (issued by the test CA). */
function verifies(secureContext: SecureContext): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host: server.host,
        port: server.port,
        servername: 'localhost',
        secureContext,
        rejectUnauthorized: false,
      },
      () => {
        resolve(socket.authorized);
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

describe('createTlsTrust', () => {
  it('trusts the certificates of `ca`, given as text, a Buffer or a list', async () => {
    const { ca, selfSignedCert } = testCertificates();
    expect(await verifies(createTlsTrust(ca))).toBe(true);
    expect(await verifies(createTlsTrust(Buffer.from(ca)))).toBe(true);
    expect(await verifies(createTlsTrust([selfSignedCert, Buffer.from(ca)]))).toBe(true);
  });

  it('trusts only what the process trusts without `ca`', async () => {
    expect(await verifies(createTlsTrust())).toBe(false);
    expect(await verifies(createTlsTrust([]))).toBe(false);
  });
});
