/**
 * An identity endpoint on 127.0.0.1 that stalls: it accepts connections and never answers (not even a
 * TLS handshake), until told to pass requests on to a real server, as a provider that recovers would.
 *
 * @module
 */
import { createServer as createHttpServer, request } from 'node:http';
import { createServer, type Socket } from 'node:net';

/** A running {@link startStallingServer}. */
export interface StallingServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** How many connections it accepted and left unanswered. */
  readonly stalled: number;
  /** How many of those are still open: the client has not closed its socket yet. */
  readonly held: number;
  /** From now on answers new connections by passing their requests on to `origin`, e.g. an OAuth mock's URL. */
  answerFrom(origin: string): void;
  /** Destroys open connections and stops it. */
  close(): Promise<void>;
}

/**
 * Starts a server that holds every connection open without a byte in reply, until {@link StallingServer.answerFrom}.
 *
 * @example
 * const stalling = await startStallingServer();
 * const provider = resolveProviders({ google: { tokenUrl: `${stalling.url}/token` }, tokenTimeoutMs: 300 }).google;
 * await expect(mintGoogleAccessToken(settings, provider)).rejects.toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE' });
 * stalling.answerFrom(mock.url);
 */
export async function startStallingServer(): Promise<StallingServer> {
  let origin: string | undefined;
  let stalled = 0;
  const open = new Set<Socket>();
  const held = new Set<Socket>();
  const proxy = createHttpServer((req, res) => {
    const target = new URL(req.url ?? '/', origin);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => {
      open.delete(socket);
      held.delete(socket);
    });
    socket.on('error', () => undefined);
    if (origin !== undefined) {
      proxy.emit('connection', socket);
      return;
    }
    stalled += 1;
    held.add(socket);
    // Reads and drops what the client sends, so its closing the connection is seen at once.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get stalled() {
      return stalled;
    },
    get held() {
      return held.size;
    },
    answerFrom(next) {
      origin = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
