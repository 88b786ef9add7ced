import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';

/**
 * The methods each path serves, relative to where the adapter is mounted, e.g. `{ '/meta': ['GET'] }`;
 * a segment starting with `:` stands for any one segment, e.g. `'/deliveries/:id'`.
 */
export type RouteMethods = Readonly<Record<string, readonly string[]>>;

/**
 * Answers 405 with `Allow` for a known path asked with a method it does not serve (`HEAD` goes with
 * `GET`). The guard runs it before the CSRF check, so `DELETE /settings` hears that the method is
 * wrong, whatever its `Content-Type`.
 *
 * @example
 * ```ts
 * const checkMethod = methodCheck({ '/settings': ['GET', 'PUT'] });
 * checkMethod(c); // throws ApiError 405 for DELETE /api/smtp/settings
 * ```
 */
export function methodCheck(routes: RouteMethods): (c: Context) => void {
  const known = Object.entries(routes).map(([route, allowed]) => [routeMatcher(route), allowed] as const);
  return (c) => {
    const { method, path } = c.req;
    for (const [matches, allowed] of known) {
      if (!matches(path, 'end') || serves(allowed, method)) continue;
      // Only a refusal pays for finding the mount point: every request runs this check.
      if (!matches(pathBelowMount(c), 'whole')) continue;
      c.header('Allow', allowed.join(', '));
      throw new ApiError(
        405,
        'METHOD_NOT_ALLOWED',
        notice('error.methodNotAllowed', { methods: allowed.join(', ') }),
      );
    }
  };
}

// Called from the guard, which serves every path: its own route is the mount point followed by `/*`,
// however deeply the host nested the adapter and whatever parameters the mount point has.
function pathBelowMount(c: Context): string {
  const depth = routePath(c).split('/').length - 2;
  const below = c.req.path.split('/').slice(depth + 1);
  return `/${below.join('/')}`;
}

/** Tells whether a path ends with a route (a cheap first look) or is the route (below the mount point). */
function routeMatcher(route: string): (path: string, part: 'end' | 'whole') => boolean {
  if (!route.includes('/:')) return (path, part) => (part === 'end' ? path.endsWith(route) : path === route);
  const pattern = route
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const end = new RegExp(`${pattern}$`);
  const whole = new RegExp(`^${pattern}$`);
  return (path, part) => (part === 'end' ? end : whole).test(path);
}

function serves(allowed: readonly string[], method: string): boolean {
  return allowed.includes(method) || (method === 'HEAD' && allowed.includes('GET'));
}
