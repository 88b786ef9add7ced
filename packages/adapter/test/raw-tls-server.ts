/**
 * A bare TLS server on 127.0.0.1 with the test CA's certificate, for mail servers that misbehave after
 * the handshake (never greet, greet with garbage); the TCP-level misbehaviour lives in
 * `startRawServer` of `smtp-server-fixture.ts`.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { type RawServerFixture, testCertificates } from './smtp-server-fixture.js';

/**
 * Starts a TLS server that hands each connection to `onSecureConnection` once the handshake is done.
 *
 * @example
 * const silent = await startRawTlsServer(() => undefined); // handshakes, then never greets
 * const chatty = await startRawTlsServer((socket) => socket.write('220 ready\r\n'));
 */
export async function startRawTlsServer(
  onSecureConnection: (socket: TLSSocket) => void,
): Promise<RawServerFixture> {
  const { key, cert } = testCertificates();
  const sockets = new Set<TLSSocket>();
  let connections = 0;
  const server = createServer({ key, cert }, (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSecureConnection(socket);
    // A socket nobody reads never sees the client's close_notify and FIN, and would stay open until close().
    if (socket.listenerCount('data') === 0) socket.resume();
  });
  // A client that drops the handshake on purpose makes the server emit errors that are not failures.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
