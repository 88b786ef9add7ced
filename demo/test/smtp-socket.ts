/**
 * Raw SMTP sockets for tests: what a client sees when it connects, before any protocol library
 * gets a chance to retry or pool.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';

/** How long a test waits for the server to say or do something before it fails. */
const PATIENCE_MS = 5_000;

/** An open SMTP connection: its greeting and what the server sends after. */
export interface SmtpSocket {
  /** The server's first line, such as `220 localhost ESMTP …`. */
  greeting: string;
  /** Resolves with everything the server sent after the greeting, once it closed the connection. */
  closed: Promise<string>;
  /** Hangs up. */
  end(): void;
}

/**
 * Connects to `127.0.0.1:port` and reads the greeting; rejects with the socket error (its `code`,
 * such as `ECONNREFUSED`) when the connection fails, or when no greeting comes in time.
 *
 * @example
 * expect((await openSmtp(port)).greeting).toMatch(/^220 /);
 * await expect(openSmtp(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
 */
export function openSmtp(port: number): Promise<SmtpSocket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let greeted = false;
    let resolveClosed: (rest: string) => void = () => undefined;
    const closed = new Promise<string>((done) => {
      resolveClosed = done;
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`No greeting from 127.0.0.1:${port} within ${PATIENCE_MS} ms`));
    }, PATIENCE_MS);
    socket.setEncoding('utf8');
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (!greeted) reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolveClosed(received);
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n');
      if (greeted || end < 0) return;
      greeted = true;
      clearTimeout(timer);
      const greeting = received.slice(0, end);
      received = received.slice(end + 2);
      resolve({ greeting, closed, end: () => socket.end() });
    });
  });
}

/** Resolves with `promise`'s value, or rejects when it takes longer than the tests' patience. */
export function withinPatience<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not happen within ${PATIENCE_MS} ms`)),
      PATIENCE_MS,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
