import { createMiddleware } from 'hono/factory';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import type { ResolvedOptions } from '../resolve-options.js';

const MAX_IDENTIFIER_LENGTH = 256;

/**
 * Runs the host's hooks before any route: the feature gate first (404, so a disabled feature is
 * indistinguishable from an absent one), then `authorize`, then `tenant` and `actor`.
 */
export function guard(options: ResolvedOptions) {
  return createMiddleware<SmtpSettingsEnv>(async (c, next) => {
    if (!(await options.enabled(c))) {
      throw new ApiError(404, 'NOT_FOUND', 'Not found');
    }
    const verdict = await options.authorize(c);
    if (verdict === 'unauthenticated') {
      throw new ApiError(401, 'UNAUTHORIZED', 'Sign in as an administrator to manage mail settings');
    }
    if (verdict !== true) {
      throw new ApiError(403, 'FORBIDDEN', 'Only administrators can manage mail settings');
    }
    c.set('tenant', identifier('tenant', await options.tenant(c)));
    c.set('actor', identifier('actor', await options.actor(c)));
    await next();
  });
}

// A host hook returning garbage is a host bug: fail loudly (500) rather than store under a bad key.
function identifier(hook: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDENTIFIER_LENGTH) {
    throw new TypeError(`smtp-settings: the \`${hook}(c)\` hook must return a non-empty string`);
  }
  return value;
}
