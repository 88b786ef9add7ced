import type { Handler } from 'hono';
import { ApiError } from '../errors.js';

/** Answers 405 with `Allow` for a known path asked with a method it does not serve. */
export function methodNotAllowed(allowed: readonly string[]): Handler {
  return (c) => {
    c.header('Allow', allowed.join(', '));
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')} for this route`);
  };
}
