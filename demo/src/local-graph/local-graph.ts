import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AcceptedMail } from '../dev-smtp/dev-smtp-server.js';
import type { LocalProvider } from '../local-oauth/local-provider.js';
import { type GraphAnswer, graphError } from './graph-answer.js';
import {
  failureAnswer,
  type GraphFailure,
  type GraphFailureRequest,
  type GraphRequestKind,
  invalidUser,
  userNotFound,
} from './graph-failures.js';
import { mimeEnvelope } from './mime-envelope.js';

/** Options of {@link startLocalGraph}. */
export interface LocalGraphOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The local Microsoft: the tokens it issued are the only ones accepted, its account is the one mailbox, its registration the one app. */
  microsoft: Pick<LocalProvider, 'account' | 'registration' | 'issued'>;
  /** When the registration's client secret expires, as reading the app registration tells. */
  secretExpiresAt: Date;
  /** Receives each message sent, as the dev mail server hands over the mail it accepts. */
  onMail: (mail: AcceptedMail) => void;
  /** When a failure starts; defaults to the system clock. */
  clock?: () => Date;
}

/** A running local Microsoft Graph. */
export interface LocalGraph {
  /** `http://127.0.0.1:PORT`: the adapter's `providers.microsoft.graph.origin`, and the audience its tokens need. */
  url: string;
  /** Its port. */
  port: number;
  /** Whether it answers normally now. */
  failure(): GraphFailure;
  /** Makes it answer with a failure from now on, or normally again; answers the new state. */
  setFailure(request: GraphFailureRequest): GraphFailure;
  /** Stops listening and ends open connections. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
// The demo mailbox's object ID: Graph takes it in place of the address too.
const USER_ID = '7d5c1a3e-4b2f-4e8a-9c61-0f3b2a1d5e47';
// Graph takes at most 4 MB in one request; a larger message needs an upload session.
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/**
 * Starts a Microsoft Graph stand-in on 127.0.0.1 for the one mailbox and app of the local Microsoft:
 * `POST /v1.0/users/{mailbox}/sendMail` with a base64 MIME body delivers to `onMail` like the dev mail
 * server; `GET /v1.0/users/{mailbox}` finds the mailbox; `GET /v1.0/applications(appId='{id}')` tells the
 * client secret's hint and end date. It takes only bearer tokens the local Microsoft issued for it
 * (401 InvalidAuthenticationToken otherwise), and answers with Graph's own errors on demand (`setFailure`).
 *
 * @example
 * const graph = await startLocalGraph({ microsoft, secretExpiresAt, onMail: (mail) => inbox.add(mail) });
 * graph.setFailure({ failing: true, mode: 'throttled', retryAfterSeconds: 10 });
 */
export async function startLocalGraph(options: LocalGraphOptions): Promise<LocalGraph> {
  const { microsoft, secretExpiresAt, onMail, clock = () => new Date() } = options;
  let state: GraphFailure = { failing: false };
  let url = '';
  const secretStartedAt = new Date(clock().getTime() - 24 * 60 * 60 * 1000);
  const secretKeyId = randomUUID();
  const isMailbox = (id: string) => id.toLowerCase() === microsoft.account.toLowerCase() || id === USER_ID;

  const answer = (request: IncomingMessage, body: Buffer | undefined): GraphAnswer => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (!microsoft.issued(bearer, url)) {
      // A token of the local Microsoft for another resource (such as SMTP) is valid, but not for Graph.
      const reason = microsoft.issued(bearer) ? ' Invalid audience.' : '';
      return graphError(401, 'InvalidAuthenticationToken', `Access token validation failure.${reason}`);
    }
    const target = routeOf(request.method ?? 'GET', new URL(request.url ?? '/', url).pathname);
    if ('answer' in target) return target.answer;
    const failed = failureAnswer(state, target.kind, target.id);
    if (failed) return failed;
    switch (target.kind) {
      case 'user':
        return isMailbox(target.id)
          ? {
              status: 200,
              body: {
                '@odata.context': `${url}/v1.0/$metadata#users(displayName,mail,userPrincipalName)/$entity`,
                id: USER_ID,
                displayName: 'Notifications',
                mail: microsoft.account,
                userPrincipalName: microsoft.account,
              },
            }
          : userNotFound(target.id);
      case 'application':
        return target.id.toLowerCase() === microsoft.registration.clientId.toLowerCase()
          ? {
              status: 200,
              body: {
                '@odata.context': `${url}/v1.0/$metadata#applications(passwordCredentials)/$entity`,
                passwordCredentials: [
                  {
                    customKeyIdentifier: null,
                    displayName: 'smtp-settings demo',
                    endDateTime: secretExpiresAt.toISOString(),
                    hint: microsoft.registration.clientSecret.slice(0, 3),
                    keyId: secretKeyId,
                    secretText: null,
                    startDateTime: secretStartedAt.toISOString(),
                  },
                ],
              },
            }
          : graphError(
              404,
              'Request_ResourceNotFound',
              `Resource '${target.id}' does not exist or one of its queried reference-property objects are not present.`,
            );
      case 'sendMail':
        if (!isMailbox(target.id)) return invalidUser(target.id);
        return sendMail(request, body, (to, raw) => onMail({ from: microsoft.account, to, raw }));
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Read on to the end, keeping nothing more, so the answer is not lost to a reset connection.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const tooLarge = graphError(
        413,
        'ErrorMessageSizeExceeded',
        'The message exceeds the maximum supported size.',
      );
      write(response, size > MAX_BODY_BYTES ? tooLarge : answer(request, Buffer.concat(chunks)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${HOST}:${port}`;

  return {
    url,
    port,
    failure: () => state,
    setFailure(request) {
      state = request.failing
        ? {
            failing: true,
            mode: request.mode,
            since: state.failing ? state.since : clock().toISOString(),
            ...(request.retryAfterSeconds !== undefined && { retryAfterSeconds: request.retryAfterSeconds }),
          }
        : { failing: false };
      return state;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request kind and the user or app ID a path names, or Graph's answer to one it does not serve. */
function routeOf(
  method: string,
  pathname: string,
): { kind: GraphRequestKind; id: string } | { answer: GraphAnswer } {
  const segments = pathname.split('/').slice(1).map(safeDecode);
  const [version, resource, id, action] = segments;
  if (version !== 'v1.0') return { answer: graphError(400, 'BadRequest', 'Invalid version.') };
  const application = /^applications\(appId='([^']*)'\)$/.exec(resource ?? '');
  const route =
    application && segments.length === 2
      ? { kind: 'application' as const, id: application[1] ?? '', method: 'GET' }
      : resource === 'users' && id && segments.length === 3
        ? { kind: 'user' as const, id, method: 'GET' }
        : resource === 'users' && id && action === 'sendMail' && segments.length === 4
          ? { kind: 'sendMail' as const, id, method: 'POST' }
          : undefined;
  if (!route) {
    const segment = segments.at(-1) ?? '';
    return { answer: graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`) };
  }
  if (route.method !== method) {
    return { answer: graphError(405, 'Request_BadRequest', 'The specified HTTP method is not allowed.') };
  }
  return { kind: route.kind, id: route.id };
}

/** Delivers the base64 MIME message of a `sendMail` request to its recipients; 202 once it is handed over. */
function sendMail(
  request: IncomingMessage,
  body: Buffer | undefined,
  deliver: (to: string[], raw: Buffer) => void,
): GraphAnswer {
  // Graph reads any other body as a JSON message; the local Graph knows only the MIME form.
  if (!/^text\/plain\b/i.test(request.headers['content-type'] ?? '')) {
    return graphError(
      400,
      'ErrorInvalidRequest',
      'The local Graph takes MIME only: send the base64 message with Content-Type text/plain.',
    );
  }
  const text = body?.toString('latin1').trim() ?? '';
  if (text === '' || !BASE64.test(text)) {
    return graphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
  }
  const { to, raw } = mimeEnvelope(Buffer.from(text, 'base64'));
  if (to.length === 0) {
    return graphError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.");
  }
  deliver(to, raw);
  return { status: 202 };
}

/** Writes an answer with Graph's `request-id` header (an error's own, else a new one). */
function write(response: ServerResponse, { status, body, headers }: GraphAnswer): void {
  response.writeHead(status, {
    'request-id': randomUUID(),
    ...headers,
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** A path segment decoded, or as it is when its escapes are broken. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
