import type { Socket } from 'node:net';

/**
 * Every socket one probe run opened, so that every path — success, failure, timeout, abort — ends
 * with all of them destroyed and no handle left behind.
 */
export class SocketJar {
  readonly #sockets = new Set<Socket>();

  /** Keeps `socket` for {@link SocketJar.destroyAll} and returns it. */
  add<S extends Socket>(socket: S): S {
    // Failures reach the probe through the waiters; this listener only keeps an error that arrives
    // after every waiter is gone (a late RST, say) from crashing the process.
    socket.on('error', () => undefined);
    this.#sockets.add(socket);
    return socket;
  }

  /** Destroys every socket kept so far, newest first. */
  destroyAll(): void {
    // A TLS socket must go before the TCP socket it wraps: the other order crashes Node 20 with a
    // segmentation fault (checked on 20.20 with a socket that went through tls.connect({ socket })).
    for (const socket of [...this.#sockets].reverse()) socket.destroy();
    this.#sockets.clear();
  }
}
