/**
 * Watches `tls.createSecureContext`, which `tls.connect` calls for every connection that brings no
 * secure context of its own, parsing every `ca` certificate again each time.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { type MockInstance, vi } from 'vitest';

// Node's TLS code calls createSecureContext on the CommonJS module object, which an ES import cannot replace.
const tls = createRequire(import.meta.url)('node:tls') as typeof import('node:tls');

/**
 * Counts the secure contexts built from now on until `mockRestore()`; they are still built.
 *
 * @example
 * const built = watchSecureContexts();
 * await mailer.verify();
 * expect(built).not.toHaveBeenCalled(); // the connection shared the mailer's context
 * built.mockRestore();
 */
export function watchSecureContexts(): MockInstance<typeof tls.createSecureContext> {
  return vi.spyOn(tls, 'createSecureContext');
}
