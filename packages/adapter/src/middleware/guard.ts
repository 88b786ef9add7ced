import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import type { Logger } from '../logger.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { logSecurityEvent } from '../security/security-log.js';
import { csrfCheck } from './csrf.js';
import { methodCheck, type RouteMethods } from './method-not-allowed.js';
import { setResponseHeaders } from './response-headers.js';

const MAX_IDENTIFIER_LENGTH = 256;
// Enough for any real origin; a forged header can be kilobytes long.
const MAX_LOGGED_ORIGIN_LENGTH = 200;

/**
 * What every request passes before any route, in one middleware (each middleware of a sub-app with its
 * own `onError` costs a wrapper per request once mounted): the response headers, the feature gate
 * (404, so a disabled feature is indistinguishable from an absent one), `authorize`, `tenant` and
 * `actor`, the method of a known path (405), then the CSRF check for state-changing requests. A caller
 * `authorize` refuses and a request the CSRF check refuses are logged as security events.
 */
export function guard(options: ResolvedOptions, routes: RouteMethods) {
  const checkMethod = methodCheck(routes);
  const checkCsrf = csrfCheck(options.trustedOrigins);
  return createMiddleware<SmtpSettingsEnv>(async (c, next) => {
    setResponseHeaders(c);
    // Hooks are usually synchronous: awaiting only real promises saves a microtask turn per hook.
    let enabled = options.enabled(c);
    if (isPromiseLike(enabled)) enabled = await enabled;
    if (!enabled) {
      throw new ApiError(404, 'NOT_FOUND', notice('error.notFound'));
    }
    let verdict = options.authorize(c);
    if (isPromiseLike(verdict)) verdict = await verdict;
    if (verdict !== true) {
      const denied =
        verdict === 'unauthenticated'
          ? new ApiError(401, 'UNAUTHORIZED', notice('error.unauthorized'))
          : new ApiError(403, 'FORBIDDEN', notice('error.forbidden'));
      logSecurityEvent(options.logger, {
        event: 'access_denied',
        outcome: denied.code,
        method: c.req.method,
        path: c.req.path,
      });
      throw denied;
    }
    let tenant = options.tenant(c);
    if (isPromiseLike(tenant)) tenant = await tenant;
    c.set('tenant', identifier('tenant', tenant));
    let actor = options.actor(c);
    if (isPromiseLike(actor)) actor = await actor;
    c.set('actor', identifier('actor', actor));
    checkMethod(c);
    try {
      checkCsrf(c);
    } catch (error) {
      logCsrfRejection(options.logger, c, error);
      throw error;
    }
    await next();
  });
}

// Both refusals are the CSRF defence: a cross-site form can send only a non-JSON body (415), and a
// page elsewhere is named by Origin or Sec-Fetch-Site (403).
function logCsrfRejection(logger: Logger, c: Context<SmtpSettingsEnv>, error: unknown): void {
  const origin = c.req.header('Origin');
  logSecurityEvent(logger, {
    event: 'csrf_rejected',
    outcome: error instanceof ApiError ? error.code : 'CSRF_REJECTED',
    tenant: c.get('tenant'),
    actor: c.get('actor'),
    method: c.req.method,
    path: c.req.path,
    ...(origin !== undefined && { origin: origin.slice(0, MAX_LOGGED_ORIGIN_LENGTH) }),
  });
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

// A host hook returning garbage is a host bug: fail loudly (500) rather than store under a bad key.
function identifier(hook: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDENTIFIER_LENGTH) {
    throw new TypeError(`smtp-settings: the \`${hook}(c)\` hook must return a non-empty string`);
  }
  return value;
}
