import { SmtpFailure } from '../failures/smtp-failure.js';
import type { GraphConnection } from './graph-connection.js';
import { graphRequest } from './graph-request.js';

/** The largest request body Graph's `sendMail` takes (4 MB), which the base64 MIME message is. */
export const GRAPH_REQUEST_LIMIT_BYTES = 4 * 1024 * 1024;

/** What each Graph call needs: the connection and a token for it, and optionally a cancel signal. */
export interface GraphCall {
  /** The mailbox's Graph connection. */
  connection: GraphConnection;
  /** The bearer token for this call. */
  accessToken: string;
  /** Cancels the call; it then fails as a timeout. */
  signal?: AbortSignal | undefined;
}

/** What the mailbox lookup found. */
export type MailboxLookup =
  /** The mailbox exists; `name` is its display name (or address when it has none). */
  | { found: true; name: string }
  /** The app may not read users (403): not known here, and sending will tell. */
  | { found: false };

/**
 * Sends a whole MIME message as the connection's mailbox through Graph's `sendMail`, base64 encoded as
 * Graph takes it (so the Message-ID, headers and attachments are ours); resolves on 202.
 *
 * @throws SmtpFailure classified at stage `send` (see `classifyGraphAnswer`); `MESSAGE_REJECTED` without a
 * request for a message Graph would refuse as too large, which no retry or new setting changes.
 */
export async function sendMimeMessage(call: GraphCall, mime: Buffer): Promise<void> {
  const body = mime.toString('base64');
  if (body.length > GRAPH_REQUEST_LIMIT_BYTES) {
    throw new SmtpFailure('MESSAGE_REJECTED', 'failure.graphTooLarge', {
      stage: 'send',
      params: { sizeMb: megabytes(body.length), limitMb: megabytes(GRAPH_REQUEST_LIMIT_BYTES) },
      hint: 'hint.graphTooLarge',
    });
  }
  await graphRequest(call.connection.graph, {
    ...requestOf(call, 'send'),
    method: 'POST',
    path: `${userPath(call.connection)}/sendMail`,
    body,
  });
}

/** Bytes as megabytes with one decimal, as the admin reads a size. */
function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

/**
 * Looks the connection's mailbox up (`GET /users/{mailbox}`): found, or not known when the app may not
 * read users (403, which sending checks instead).
 *
 * @throws SmtpFailure at stage `mailbox`: `MAILBOX_NOT_FOUND` for a 404, and any other classified failure.
 */
export async function lookupMailbox(call: GraphCall): Promise<MailboxLookup> {
  const { status, json } = await graphRequest(call.connection.graph, {
    ...requestOf(call, 'mailbox'),
    method: 'GET',
    path: `${userPath(call.connection)}?$select=displayName,mail,userPrincipalName`,
    tolerate: [403],
  });
  if (status === 403) return { found: false };
  const user = (json ?? {}) as { displayName?: unknown; mail?: unknown };
  const name = [user.displayName, user.mail].find((value) => typeof value === 'string' && value !== '');
  return { found: true, name: (name as string | undefined) ?? call.connection.mailbox };
}

/**
 * Reads when the client secret in use expires from the app registration (`passwordCredentials`, matched
 * by the secret's hint); `undefined` when it cannot be told: the app may not read it, it is not listed,
 * or Graph failed. Never throws: the expiry is a courtesy, never a reason for a Test to fail.
 */
export async function readSecretExpiry(call: GraphCall): Promise<Date | undefined> {
  const { connection } = call;
  const answer = await graphRequest(connection.graph, {
    ...requestOf(call, 'token'),
    method: 'GET',
    path: `/v1.0/applications(appId='${encodeURIComponent(connection.clientId)}')?$select=passwordCredentials`,
  }).catch(() => undefined);
  const credentials = (answer?.json as { passwordCredentials?: unknown } | undefined)?.passwordCredentials;
  if (!Array.isArray(credentials)) return undefined;
  const match = (credentials as Array<{ hint?: unknown; endDateTime?: unknown } | null>).find(
    (credential) => credential?.hint === connection.secretHint,
  );
  const end = typeof match?.endDateTime === 'string' ? new Date(match.endDateTime) : undefined;
  return end && !Number.isNaN(end.getTime()) ? end : undefined;
}

function requestOf({ connection, accessToken, signal }: GraphCall, stage: 'token' | 'mailbox' | 'send') {
  return { accessToken, signal, stage, mailbox: connection.mailbox, signIn: connection.signIn };
}

function userPath(connection: GraphConnection): string {
  return `/v1.0/users/${encodeURIComponent(connection.mailbox)}`;
}
