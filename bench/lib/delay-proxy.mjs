/**
 * A TCP proxy on 127.0.0.1 that delays every chunk by half a round trip each way, so a server on this
 * machine answers as one `rttMs` away does: its greeting, each reply, and each login, not only the data.
 * Chunks keep their order (timers of one delay fire in the order they were set).
 */
import { createConnection, createServer } from 'node:net';

/** Forwards `from` to `to`, each chunk `delayMs` later; ends `to` once `from` ended and the rest went. */
function delayed(from, to, delayMs) {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
}

/** Listens on an ephemeral port of `host` in front of `port`, and answers that port; it lives as long as its process. */
export async function startDelayProxy({ host, port, rttMs }) {
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    delayed(client, upstream, rttMs / 2);
    delayed(upstream, client, rttMs / 2);
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return { port: server.address().port };
}
