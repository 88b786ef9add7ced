import { SmtpFailure } from '../failures/smtp-failure.js';
import type { GraphEndpoint } from '../providers/provider.js';
import { classifyGraphAnswer, classifyGraphError, type GraphRequestContext } from './classify-graph.js';

/** One request to Microsoft Graph on behalf of a mailbox. */
export interface GraphRequest extends GraphRequestContext {
  /** `GET` or `POST`. */
  method: 'GET' | 'POST';
  /** The path and query under the origin, e.g. `/v1.0/users/app%40contoso.com`. */
  path: string;
  /** The bearer token; it travels only in the `Authorization` header. */
  accessToken: string;
  /** The body of a `POST`, sent as `text/plain` (Graph's MIME form of `sendMail`). */
  body?: string;
  /** Cancels the request, e.g. a send whose caller gave up; it then fails as a timeout. */
  signal?: AbortSignal | undefined;
  /** Statuses that are answers rather than failures here, e.g. 403 for a lookup the app may not make. */
  tolerate?: readonly number[];
}

/** A successful (or tolerated) Graph answer: its status and its JSON body, if it had one. */
export interface GraphSuccess {
  /** The HTTP status: 2xx, or one of the request's `tolerate`. */
  status: number;
  /** The parsed JSON body; `undefined` for an empty or non-JSON one (`sendMail` answers 202 with none). */
  json: unknown;
}

/**
 * Makes one Microsoft Graph request with the bearer token, bounded by the endpoint's `timeoutMs` in all
 * (answer and body), and answers the 2xx (and the tolerated statuses); any other answer, a timeout or a network failure throws the
 * classified {@link SmtpFailure} (see `classifyGraphAnswer`).
 *
 * @example
 * const { json } = await graphRequest(provider.graph, {
 *   method: 'GET', path: `/v1.0/users/${encodeURIComponent(mailbox)}`, accessToken,
 *   stage: 'mailbox', mailbox, signIn: 'delegated',
 * });
 */
export async function graphRequest(endpoint: GraphEndpoint, request: GraphRequest): Promise<GraphSuccess> {
  const deadline = AbortSignal.timeout(endpoint.timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  try {
    const response = await fetch(`${endpoint.origin}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${request.accessToken}`,
        accept: 'application/json',
        ...(request.body !== undefined && { 'content-type': 'text/plain' }),
      },
      ...(request.body !== undefined && { body: request.body }),
      signal,
      redirect: 'error',
    });
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok || request.tolerate?.includes(response.status)) return { status: response.status, json };
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw classifyGraphAnswer(
      {
        status: response.status,
        errorCode: typeof error?.code === 'string' ? error.code : '',
        // Graph does not quote the token back, but a proxy or double in between might.
        errorMessage:
          typeof error?.message === 'string' ? error.message.replaceAll(request.accessToken, '[token]') : '',
        retryAfter: response.headers.get('retry-after'),
      },
      request,
    );
  } catch (error) {
    if (error instanceof SmtpFailure) throw error;
    // A caller's cancel ends the request like its deadline: no answer came in time.
    throw classifyGraphError(error, {
      stage: request.stage,
      limitMs: endpoint.timeoutMs,
      timedOut: signal.aborted,
    });
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
