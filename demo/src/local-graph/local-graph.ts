import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AcceptedMail } from '../dev-smtp/dev-smtp-server.js';
import type { LocalProvider } from '../local-oauth/local-provider.js';
import { type GraphAnswer, graphError } from './graph-answer.js';
import { graphDirectory } from './graph-directory.js';
import { failureAnswer, type GraphFailure, type GraphFailureRequest, invalidUser } from './graph-failures.js';
import { graphRoute } from './graph-route.js';
import { sendMimeMail } from './send-mime-mail.js';

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
// Graph takes at most 4 MB in one request; a larger message needs an upload session.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

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
  const directory = graphDirectory({
    account: microsoft.account,
    registration: microsoft.registration,
    secretExpiresAt,
    now: clock(),
  });

  const answer = (request: IncomingMessage, body: Buffer): GraphAnswer => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (!microsoft.issued(bearer, url)) {
      // A token of the local Microsoft for another resource (such as SMTP) is valid, but not for Graph.
      const reason = microsoft.issued(bearer) ? ' Invalid audience.' : '';
      return graphError(401, 'InvalidAuthenticationToken', `Access token validation failure.${reason}`);
    }
    const target = graphRoute(request.method ?? 'GET', new URL(request.url ?? '/', url).pathname);
    if ('answer' in target) return target.answer;
    const failed = failureAnswer(state, target.kind, target.id);
    if (failed) return failed;
    switch (target.kind) {
      case 'user':
        return directory.user(target.id, url);
      case 'application':
        return directory.application(target.id, url);
      case 'sendMail':
        if (!directory.isMailbox(target.id)) return invalidUser(target.id);
        return sendMimeMail(request, body, (to, raw) => onMail({ from: microsoft.account, to, raw }));
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

/** Writes an answer with Graph's `request-id` header (an error's own, else a new one). */
function write(response: ServerResponse, { status, body, headers }: GraphAnswer): void {
  response.writeHead(status, {
    'request-id': randomUUID(),
    ...headers,
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
