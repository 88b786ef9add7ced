import type {
  AuditResponse,
  DeliverySummaryResponse,
  MetaResponse,
  OAuthFlowResponse,
  OAuthProvider,
  OAuthStartRequest,
  OAuthStartResponse,
  SettingsResponse,
  SmtpSettingsDraftInput,
} from '@smtp-settings/schema';
import type { SmtpSettingsClient } from './client.js';
import { ApiRequestError } from './errors.js';

/** What {@link putSettings} saves. */
export interface PutSettingsInput {
  /** The form's values; omitted secrets keep their stored value. */
  settings: SmtpSettingsDraftInput;
  /** The version the form was loaded at (`0` when nothing was saved yet), sent as `If-Match`. */
  version: number;
  /** The receipt of a passing test of these same values. */
  receipt?: string;
}

/** Reads what the form needs to know about the server: providers, redirect URIs, presets, limits. */
export function getMeta(client: SmtpSettingsClient, signal?: AbortSignal): Promise<MetaResponse> {
  return requestJson(client, '/meta', { method: 'GET', signal });
}

/** Reads the saved settings (secrets only as `{ set }`) and the version to save against. */
export function getSettings(client: SmtpSettingsClient, signal?: AbortSignal): Promise<SettingsResponse> {
  return requestJson(client, '/settings', { method: 'GET', signal });
}

/** Reads the audit trail, newest first: saves with the names of the fields they changed, Tests, token rotations. */
export function getAudit(client: SmtpSettingsClient, signal?: AbortSignal): Promise<AuditResponse> {
  return requestJson(client, '/settings/audit', { method: 'GET', signal });
}

/** Saves the settings over `version`; a stale version rejects with `VERSION_CONFLICT`, a missing test with `NOT_TESTED`. */
export function putSettings(
  client: SmtpSettingsClient,
  { settings, version, receipt }: PutSettingsInput,
  signal?: AbortSignal,
): Promise<SettingsResponse> {
  return requestJson(client, '/settings', {
    method: 'PUT',
    headers: version > 0 ? { 'If-Match': `"${version}"` } : {},
    body: receipt === undefined ? { settings } : { settings, receipt },
    signal,
  });
}

/** Reads how mail went over the last 24 hours and why it is held, if it is; 404 `NOT_FOUND` from an adapter without a delivery log. */
export function getDeliverySummary(
  client: SmtpSettingsClient,
  signal?: AbortSignal,
): Promise<DeliverySummaryResponse> {
  return requestJson(client, '/deliveries/summary', { method: 'GET', signal });
}

/** Starts "Get Refresh Token" for `provider` and returns the URL to open in the sign-in window. */
export function startOAuth(
  client: SmtpSettingsClient,
  provider: OAuthProvider,
  body: OAuthStartRequest,
  signal?: AbortSignal,
): Promise<OAuthStartResponse> {
  return requestJson(client, `/oauth/${encodeURIComponent(provider)}/start`, {
    method: 'POST',
    body,
    signal,
  });
}

/** Reads where an OAuth flow stands: `started`, `completed`, `failed` or `consumed`. */
export function getFlow(
  client: SmtpSettingsClient,
  flowId: string,
  signal?: AbortSignal,
): Promise<OAuthFlowResponse> {
  return requestJson(client, `/oauth/flows/${encodeURIComponent(flowId)}`, { method: 'GET', signal });
}

/** One request to the adapter. */
export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** Sends one request and reads its JSON answer; rejects with an {@link ApiRequestError} unless it is a 2xx. */
export async function requestJson<T>(
  client: SmtpSettingsClient,
  path: string,
  options: RequestOptions,
): Promise<T> {
  return parseJson<T>(await send(client, path, options), options.signal);
}

/** Sends one request; resolves only with a 2xx answer and rejects with an {@link ApiRequestError} otherwise. */
export async function send(
  client: SmtpSettingsClient,
  path: string,
  { method, headers = {}, body, signal }: RequestOptions,
): Promise<Response> {
  const init: RequestInit = {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    ...(signal && { signal }),
  };
  const response = await reading(signal, () => client.fetch(`${client.baseUrl}${path}`, init));
  if (!response.ok) throw await reading(signal, () => ApiRequestError.fromResponse(response));
  return response;
}

/** Runs a network step, turning a lost connection into an {@link ApiRequestError} and letting an abort through. */
export async function reading<T>(signal: AbortSignal | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // An abort is the caller's own doing (a new task run, a disconnected element), not a failure to report.
    if (signal?.aborted) throw signal.reason;
    if (error instanceof ApiRequestError) throw error;
    throw ApiRequestError.unreachable(error);
  }
}

/** Reads a response's JSON body; rejects with an {@link ApiRequestError} when it is no JSON. */
export async function parseJson<T>(response: Response, signal: AbortSignal | undefined): Promise<T> {
  const text = await reading(signal, () => response.text());
  return parseData<T>(response, text);
}

/** Parses JSON the adapter sent in `response`; rejects with an {@link ApiRequestError} when it is none. */
export function parseData<T>(response: Response, data: string): T {
  try {
    return JSON.parse(data) as T;
  } catch (error) {
    throw ApiRequestError.unexpectedBody(response, error);
  }
}
