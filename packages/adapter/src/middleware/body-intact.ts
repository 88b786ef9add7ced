import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';

/** What a Node host's request looks like to us, through `@hono/node-server`'s `c.env.incoming`. */
interface NodeIncoming {
  readableDidRead: boolean;
  rawBody?: unknown;
}

/**
 * Refuses a request whose body something in front of the adapter already read, with 500
 * `BODY_ALREADY_READ` instead of the "not valid JSON" the empty stream would otherwise produce. On Node
 * (`@hono/node-server`'s bindings) the incoming stream tells, and a `rawBody` Buffer that a parser kept
 * is still readable; elsewhere the Web `Request` says `bodyUsed`. A body a host's Hono middleware read
 * through `c.req` is cached by Hono, so it stays readable here.
 */
export const bodyIntact = createMiddleware(async (c, next) => {
  if (bodyTaken(c.req.bodyCache, c.env, () => c.req.raw.bodyUsed)) {
    throw new ApiError(500, 'BODY_ALREADY_READ', notice('error.bodyAlreadyRead'));
  }
  await next();
});

function bodyTaken(cache: object, env: unknown, webBodyUsed: () => boolean): boolean {
  if (Object.keys(cache).length > 0) return false;
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  if (isNodeIncoming(incoming)) return incoming.readableDidRead && !(incoming.rawBody instanceof Uint8Array);
  return webBodyUsed();
}

function isNodeIncoming(value: unknown): value is NodeIncoming {
  return typeof (value as NodeIncoming | null)?.readableDidRead === 'boolean';
}
