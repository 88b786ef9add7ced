import { connect as connectSocket, isIP, type Socket } from 'node:net';
import { connect as connectTls, type SecureContext, type TLSSocket } from 'node:tls';
import { ProbeError } from './probe-error.js';
import type { SocketJar } from './socket-jar.js';
import { waitFor } from './wait-for.js';

/** Where and how long to connect. */
export interface TcpTarget {
  /** The checked IP address, never a name, so DNS cannot answer differently a second time. */
  address: string;
  /** Address family of `address`. */
  family: 4 | 6;
  /** TCP port. */
  port: number;
  /** Milliseconds to wait for the connection. */
  timeoutMs: number;
}

/** What a TLS handshake needs besides the socket. */
export interface TlsTarget {
  /** The host name as configured: SNI and the certificate check use it, the connection does not. */
  host: string;
  /** What to trust, shared by every connection; the process's default trust without it. */
  secureContext?: SecureContext | undefined;
  /** Milliseconds to wait for the handshake. */
  timeoutMs: number;
}

/**
 * Opens a TCP connection to an IP address, kept in `jar` so that it is always destroyed.
 *
 * @example
 * const socket = await connectTcp({ address: '192.0.2.1', family: 4, port: 587, timeoutMs: 5000 }, jar, signal);
 */
export function connectTcp(target: TcpTarget, jar: SocketJar, signal: AbortSignal): Promise<Socket> {
  const { address, family, port, timeoutMs } = target;
  const socket = jar.add(connectSocket({ host: address, family, port, noDelay: true }));
  return waitFor<Socket>(
    {
      signal,
      timeoutMs,
      timeoutError: () =>
        new ProbeError('ETIMEDOUT', 'failure.waitConnect', { address, port, limitMs: timeoutMs }),
    },
    (resolve, reject) => {
      const onConnect = () => resolve(socket);
      socket.once('connect', onConnect).once('error', reject);
      return () => socket.off('connect', onConnect).off('error', reject);
    },
  );
}

/**
 * Runs a TLS handshake over an open socket (implicit TLS or after STARTTLS). The certificate is not
 * rejected here: the caller reads `authorized` so that it can describe the problem, or accept it.
 *
 * @example
 * const secure = await handshakeTls(socket, { host: 'smtp.example.com', timeoutMs: 5000 }, jar, signal);
 * secure.authorized; // false for an untrusted certificate, with secure.authorizationError
 */
export function handshakeTls(
  socket: Socket,
  target: TlsTarget,
  jar: SocketJar,
  signal: AbortSignal,
): Promise<TLSSocket> {
  const { host, secureContext, timeoutMs } = target;
  const secure = jar.add(
    connectTls({
      socket,
      host,
      // SNI must not carry an IP address; the certificate check still uses `host`.
      ...(isIP(host) === 0 && { servername: host }),
      ...(secureContext && { secureContext }),
      rejectUnauthorized: false,
    }),
  );
  return waitFor<TLSSocket>(
    {
      signal,
      timeoutMs,
      timeoutError: () => new ProbeError('ETIMEDOUT', 'failure.waitTls', { limitMs: timeoutMs }),
    },
    (resolve, reject) => {
      const onSecure = () => resolve(secure);
      const onClose = () => reject(new ProbeError('ECONNECTION', 'failure.tlsClosed'));
      secure.once('secureConnect', onSecure).once('error', reject).once('close', onClose);
      return () => secure.off('secureConnect', onSecure).off('error', reject).off('close', onClose);
    },
  );
}

/**
 * Whether a port that stayed silent instead of greeting answers a TLS handshake, which means it
 * expects implicit TLS; any TLS answer counts, even an alert or an untrusted certificate.
 */
export async function answersTls(
  socket: Socket,
  target: TlsTarget,
  jar: SocketJar,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    await handshakeTls(socket, target, jar, signal);
    return true;
  } catch (error) {
    if (signal.aborted) throw error;
    return /alert/i.test(error instanceof Error ? error.message : '');
  }
}
