/** Typed calls to the demo server's own routes under `/demo`, and the one adapter route the page reads itself. */
import type { DeliveryDetailResponse } from '@smtp-settings/schema';

/** `GET /demo/info`: the development mail server and how OAuth sign-in works in this demo. */
export interface DemoInfo {
  smtp: { host: string; port: number; security: 'starttls'; user: string; password: string };
  oauth: {
    mode: 'local' | 'real';
    /** The accounts the local providers sign in; empty in `real` mode. */
    accounts: Partial<Record<'microsoft' | 'google', string>>;
    /** App-registration values the local providers accept; absent in `real` mode. */
    clients?: {
      microsoft: { clientId: string; clientSecret: string; tenantId: string };
      google: { clientId: string; clientSecret: string };
    };
  };
}

/** One captured message in the inbox list. */
export interface MailSummary {
  id: string;
  /** Its Message-ID header, when it has one. */
  messageId?: string;
  /** 1 for the first message with its Message-ID, 2 and up for a duplicate of it. */
  copy: number;
  from: string;
  to: string[];
  subject: string;
  /** When it arrived, as ISO 8601. */
  date: string;
}

/** A captured message with its bodies. */
export interface Mail extends MailSummary {
  text: string;
  html?: string;
}

/** A failed call, with the server's stable code when it sent one. */
export class DemoApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status. */
    readonly status: number,
    /** The server's error code, such as `AUTH_FAILED`. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The message of anything thrown, for a status line. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new DemoApiError(
      error?.message ?? `The demo server answered ${response.status}.`,
      response.status,
      error?.code,
    );
  }
  return body as T;
}

/** Loads the development mail server's address and login, and the OAuth mode. */
export const getInfo = () => request<DemoInfo>('/demo/info');

/** Lists the captured mail, newest first. */
export const listInbox = () =>
  request<{ messages: MailSummary[] }>('/demo/inbox').then((body) => body.messages);

/** Loads one captured message. */
export const getMail = (id: string) => request<Mail>(`/demo/inbox/${encodeURIComponent(id)}`);

/** Empties the inbox. */
export const clearInbox = () => request<void>('/demo/inbox', { method: 'DELETE' });

/** What `POST /demo/notify` answers once the outbox stored the message: its `id` in the delivery log. */
export interface NotifyAnswer {
  id: string;
  to: string;
}

/** Hands the host app's sample notification to the outbox, which sends it through the saved settings. */
export const sendNotification = (to?: string) =>
  request<NotifyAnswer>('/demo/notify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(to ? { to } : {}),
  });

/** Where the adapter answers for one message of the outbox. */
export const deliveryUrl = (id: string) => `/api/smtp/deliveries/${encodeURIComponent(id)}`;

/** Loads a queued message's status and attempts; `undefined` when the adapter keeps no such record (404). */
export const getDelivery = (id: string, signal?: AbortSignal) =>
  request<DeliveryDetailResponse>(deliveryUrl(id), { ...(signal && { signal }) }).catch((error: unknown) => {
    if (error instanceof DemoApiError && error.status === 404) return undefined;
    throw error;
  });

/** How a mail server outage looks to a client: connections refused, a `421 Service not available` greeting, or `550` for every recipient. */
export type OutageMode = 'refused' | 'unavailable' | 'rejecting';

/** Whether the development mail server takes mail. */
export type Outage = { down: false } | { down: true; mode: OutageMode; since: string };

/** Loads whether the development mail server takes mail. */
export const getOutage = () => request<Outage>('/demo/smtp/outage');

/** Takes the development mail server down (`mode` says how) or brings it back; answers the new state. */
export const setOutage = (down: boolean, mode: OutageMode) =>
  request<Outage>('/demo/smtp/outage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(down ? { down, mode } : { down }),
  });

/**
 * The errors the local Microsoft Graph answers on demand: 403 ErrorAccessDenied, 403 from an application
 * access policy, 403 ErrorSendAsDenied, 404 ErrorInvalidUser, MailboxNotEnabledForRESTAPI, 429 and 503.
 */
export type GraphFailureMode =
  | 'accessDenied'
  | 'policyDenied'
  | 'sendAsDenied'
  | 'mailboxNotFound'
  | 'mailboxNotLicensed'
  | 'throttled'
  | 'unavailable';

/** Whether the local Microsoft Graph answers normally. */
export type GraphFailure =
  | { failing: false }
  | { failing: true; mode: GraphFailureMode; since: string; retryAfterSeconds?: number };

/** Loads whether the local Microsoft Graph answers normally. */
export const getGraphFailure = () => request<GraphFailure>('/demo/graph/failure');

/** Makes the local Microsoft Graph answer with the failure `mode` names, or normally again; answers the new state. */
export const setGraphFailure = (failing: boolean, mode: GraphFailureMode) =>
  request<GraphFailure>('/demo/graph/failure', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(failing ? { failing, mode } : { failing }),
  });

/** Makes the development mail server take a new password (and refuse the one before); answers the new login. */
export const changePassword = () =>
  request<Pick<DemoInfo['smtp'], 'user' | 'password'>>('/demo/smtp/password', { method: 'POST' });

/** Calls `onMail` with each message the development mail server captures from now on. */
export function watchInbox(onMail: (mail: MailSummary) => void): EventSource {
  const source = new EventSource('/demo/inbox/events');
  source.addEventListener('mail', (event) => onMail(JSON.parse(event.data) as MailSummary));
  return source;
}
