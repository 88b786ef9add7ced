import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The Graph calls the fixture answers. */
export type GraphRoute = 'sendMail' | 'user' | 'application';

/** A failure the fixture answers instead of the real thing, as Microsoft Graph words it. */
export interface GraphFailureAnswer {
  /** The HTTP status. */
  status: number;
  /** `error.code` of the body, e.g. `ErrorSendAsDenied`. */
  code?: string;
  /** `error.message` of the body, or one made from the request's bearer token, as a server quoting it back. */
  message?: string | ((token: string) => string);
  /** The `Retry-After` header, seconds or an HTTP date. */
  retryAfter?: string;
}

/** One request the fixture received; the bearer token itself is never kept. */
export interface GraphFixtureRequest {
  /** Which call it was. */
  route: GraphRoute;
  /** The mailbox of a `/users/{mailbox}` path, decoded. */
  mailbox?: string;
  /** Whether its bearer token was accepted. */
  authorized: boolean;
  /** The query string, e.g. `?$select=displayName,mail,userPrincipalName`. */
  search: string;
  /** When it arrived (`performance.now()`), to measure waits between retries. */
  at: number;
}

/** A message `sendMail` accepted. */
export interface GraphSentMessage {
  /** The mailbox it was sent as. */
  mailbox: string;
  /** The MIME message, decoded from the base64 body. */
  mime: string;
  /** The `Content-Type` it came with (Graph requires `text/plain`). */
  contentType: string;
}

/** Options of {@link startGraphFixture}. */
export interface GraphFixtureOptions {
  /** Which bearer tokens are valid; defaults to any. Others get 401 `InvalidAuthenticationToken`. */
  acceptsToken?: (token: string) => boolean;
  /** The mailboxes that exist; others get 404 `Request_ResourceNotFound` (lookup) or `ErrorInvalidUser` (send). Defaults to any. */
  mailboxes?: readonly string[];
  /** The `passwordCredentials` of each app ID; an app not listed gets 403 `Authorization_RequestDenied`. */
  passwordCredentials?: Record<string, ReadonlyArray<{ hint: string; endDateTime: string }>>;
}

/** A loopback Microsoft Graph: `sendMail`, the user lookup and the app registration read. */
export interface GraphFixture {
  /** `http://127.0.0.1:PORT`, for `providers.microsoft.graph.origin`. */
  origin: string;
  /** Every request, in order. */
  requests: GraphFixtureRequest[];
  /** Every message accepted, in order. */
  sent: GraphSentMessage[];
  /** How many requests `route` received (all routes without one). */
  count(route?: GraphRoute): number;
  /** Answers the next requests to `route` with these failures, one each, then normally again. */
  failNext(route: GraphRoute, ...failures: GraphFailureAnswer[]): void;
  /** Answers every request to `route` with `failure` until called with `undefined`. */
  failAlways(route: GraphRoute, failure: GraphFailureAnswer | undefined): void;
  /** Never answers requests to `route` (`true`) until called with `false`; the sockets close with the fixture. */
  stall(route: GraphRoute, stalled: boolean): void;
  /** Forgets the requests, messages and programmed failures. */
  reset(): void;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

const USER_PATH = /^\/v1\.0\/users\/([^/?]+)(\/sendMail)?$/;
const APPLICATION_PATH = /^\/v1\.0\/applications\(appId='([^']*)'\)$/;

/**
 * Starts a Microsoft Graph double on 127.0.0.1 (port 0): `POST /v1.0/users/{mailbox}/sendMail` decodes
 * and keeps the MIME message, `GET /v1.0/users/{mailbox}` looks a mailbox up, and
 * `GET /v1.0/applications(appId='…')` tells the client secrets' expiry; it checks the bearer token,
 * counts requests, and answers any failure of design §4 on demand (status, code, message, Retry-After).
 *
 * @example
 * const graph = await startGraphFixture({ acceptsToken: (token) => token === mock.latestAccessToken() });
 * graph.failNext('sendMail', { status: 429, code: 'TooManyRequests', retryAfter: '1' });
 * // providers: { microsoft: { ...mock.microsoftOptions(), graph: { origin: graph.origin } } }
 */
export async function startGraphFixture(options: GraphFixtureOptions = {}): Promise<GraphFixture> {
  const requests: GraphFixtureRequest[] = [];
  const sent: GraphSentMessage[] = [];
  const queued = new Map<GraphRoute, GraphFailureAnswer[]>();
  const always = new Map<GraphRoute, GraphFailureAnswer>();
  const stalled = new Set<GraphRoute>();
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) answer(response, { status: 500, code: 'FixtureError' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fixture');
    const body = await readBody(request);
    const user = USER_PATH.exec(url.pathname);
    const application = APPLICATION_PATH.exec(url.pathname);
    const route: GraphRoute | undefined = user
      ? user[2]
        ? 'sendMail'
        : 'user'
      : application
        ? 'application'
        : undefined;
    if (!route || request.method !== (route === 'sendMail' ? 'POST' : 'GET')) {
      answer(response, { status: 404, code: 'UnknownRoute', message: 'No such Graph call here' });
      return;
    }
    const mailbox = user ? decodeURIComponent(user[1] as string) : undefined;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const authorized = token !== undefined && (options.acceptsToken?.(token) ?? true);
    requests.push({
      route,
      ...(mailbox !== undefined && { mailbox }),
      authorized,
      search: url.search,
      at: performance.now(),
    });
    if (stalled.has(route)) return;
    if (!authorized) {
      answer(response, {
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'Access token validation failure. Invalid audience.',
      });
      return;
    }
    const failure = queued.get(route)?.shift() ?? always.get(route);
    if (failure) {
      answer(response, failure, token);
      return;
    }
    const known = mailbox === undefined || !options.mailboxes || options.mailboxes.includes(mailbox);
    if (route === 'application') {
      const credentials = options.passwordCredentials?.[application?.[1] ?? ''];
      if (!credentials) {
        answer(response, {
          status: 403,
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
        });
        return;
      }
      json(response, 200, { passwordCredentials: credentials });
    } else if (route === 'user') {
      if (!known) {
        answer(response, {
          status: 404,
          code: 'Request_ResourceNotFound',
          message: `Resource '${mailbox}' does not exist or one of its queried reference-property objects are not present.`,
        });
        return;
      }
      json(response, 200, { displayName: 'Notifications', mail: mailbox, userPrincipalName: mailbox });
    } else {
      if (!known) {
        answer(response, {
          status: 404,
          code: 'ErrorInvalidUser',
          message: `The requested user '${mailbox}' is invalid.`,
        });
        return;
      }
      sent.push({
        mailbox: mailbox as string,
        mime: Buffer.from(body, 'base64').toString('utf8'),
        contentType: request.headers['content-type'] ?? '',
      });
      response.writeHead(202).end();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    sent,
    count: (route) => requests.filter((request) => route === undefined || request.route === route).length,
    failNext: (route, ...failures) => {
      queued.set(route, [...(queued.get(route) ?? []), ...failures]);
    },
    failAlways: (route, failure) => {
      if (failure) always.set(route, failure);
      else always.delete(route);
    },
    stall: (route, on) => {
      if (on) stalled.add(route);
      else stalled.delete(route);
    },
    reset: () => {
      requests.length = 0;
      sent.length = 0;
      queued.clear();
      always.clear();
      stalled.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(response: ServerResponse, failure: GraphFailureAnswer, token = ''): void {
  const headers: Record<string, string> =
    failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {};
  const message = typeof failure.message === 'function' ? failure.message(token) : (failure.message ?? '');
  json(response, failure.status, { error: { code: failure.code ?? 'UnknownError', message } }, headers);
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
