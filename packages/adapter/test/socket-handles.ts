/**
 * Counts this process's open TCP and TLS sockets, to prove that code under test closed every socket
 * it opened on every path.
 *
 * @module
 */
import { expect } from 'vitest';

/** How many TCP and TLS socket handles the process holds open right now (listening servers excluded). */
export function openSockets(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === 'TCPSocketWrap' || name === 'TLSSocketWrap').length;
}

/**
 * Waits until at most `count` sockets are open and fails if they are not within `withinMs`: closing
 * finishes on a later tick of both ends, so a moment is given, never more.
 *
 * @example
 * const before = openSockets();
 * await runProbe(target);
 * await expectSocketsBackTo(before);
 */
export async function expectSocketsBackTo(count: number, withinMs = 1000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (openSockets() > count && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(openSockets(), 'open TCP/TLS sockets').toBeLessThanOrEqual(count);
}
