import { type GraphAnswer, graphError } from './graph-answer.js';

/**
 * The failures the local Graph answers on demand, as Microsoft Graph does: `accessDenied` (403
 * ErrorAccessDenied, the app lacks Mail.Send), `policyDenied` (403, an application access policy keeps the
 * app from the mailbox), `sendAsDenied` (403 ErrorSendAsDenied), `mailboxNotFound` (404),
 * `mailboxNotLicensed` (MailboxNotEnabledForRESTAPI), `throttled` (429 with Retry-After) and
 * `unavailable` (503).
 */
export const GRAPH_FAILURE_MODES = [
  'accessDenied',
  'policyDenied',
  'sendAsDenied',
  'mailboxNotFound',
  'mailboxNotLicensed',
  'throttled',
  'unavailable',
] as const;

/** One of {@link GRAPH_FAILURE_MODES}. */
export type GraphFailureMode = (typeof GRAPH_FAILURE_MODES)[number];

/** Whether the local Graph answers normally, or since when and how it fails. */
export type GraphFailure =
  | { failing: false }
  | { failing: true; mode: GraphFailureMode; since: string; retryAfterSeconds?: number };

/** What `setFailure` asks for: a mode (with the Retry-After to send, in seconds), or back to normal. */
export type GraphFailureRequest =
  | { failing: false }
  | { failing: true; mode: GraphFailureMode; retryAfterSeconds?: number };

/** The requests the local Graph answers. */
export type GraphRequestKind = 'sendMail' | 'user' | 'application';

// Graph asks for a few seconds when it throttles mail; short enough to watch a retry in the demo.
const DEFAULT_THROTTLE_SECONDS = 5;

/**
 * How Graph answers a request of `kind` for `mailbox` during `failure`, or `undefined` when the request goes
 * through: throttling and outages hit every request; a missing mailbox its lookup and sending; the
 * others (permissions, policies, licences) only sending, as reading a user does not need them.
 *
 * @example
 * const answer = failureAnswer(graph.failure(), 'sendMail', 'notifications@contoso.example');
 */
export function failureAnswer(
  failure: GraphFailure,
  kind: GraphRequestKind,
  mailbox: string,
): GraphAnswer | undefined {
  if (!failure.failing) return undefined;
  const retryAfter = (seconds: number | undefined) =>
    seconds === undefined ? undefined : { 'Retry-After': String(seconds) };
  switch (failure.mode) {
    case 'throttled':
      return graphError(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        retryAfter(failure.retryAfterSeconds ?? DEFAULT_THROTTLE_SECONDS),
      );
    case 'unavailable':
      return graphError(
        503,
        'ServiceNotAvailable',
        'The service is temporarily unavailable. Please try again later.',
        retryAfter(failure.retryAfterSeconds),
      );
    case 'mailboxNotFound':
      if (kind === 'user') return userNotFound(mailbox);
      return kind === 'sendMail' ? invalidUser(mailbox) : undefined;
  }
  if (kind !== 'sendMail') return undefined;
  switch (failure.mode) {
    case 'accessDenied':
      return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    case 'policyDenied':
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      );
    case 'sendAsDenied':
      return graphError(
        403,
        'ErrorSendAsDenied',
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.',
      );
    case 'mailboxNotLicensed':
      return graphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
  }
}

/** Graph's answer to sending as a mailbox it does not know. */
export const invalidUser = (mailbox: string) =>
  graphError(404, 'ErrorInvalidUser', `The requested user '${mailbox}' is invalid.`);

/** Graph's answer to reading a user it does not know. */
export const userNotFound = (mailbox: string) =>
  graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${mailbox}' does not exist or one of its queried reference-property objects are not present.`,
  );
