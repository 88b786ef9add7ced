import type { DeliveryDetailResponse, DeliveryListResponse, DeliveryStatus } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from './client.js';
import { requestJson } from './requests.js';

/** Which messages of the delivery log to list, and from where. */
export interface DeliveryQuery {
  /** Only messages that show this status. */
  status?: DeliveryStatus | undefined;
  /** Only messages with this address among their recipients. */
  recipient?: string | undefined;
  /** The `nextCursor` of the page before, with the same filters. */
  cursor?: string | undefined;
  /** The most messages the page holds (1 to 200). */
  limit?: number | undefined;
}

/** Reads one page of the delivery log, newest first. */
export function listDeliveries(
  client: SmtpSettingsClient,
  query: DeliveryQuery,
  signal?: AbortSignal,
): Promise<DeliveryListResponse> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.size > 0 ? `?${params}` : '';
  return requestJson(client, `/deliveries${search}`, { method: 'GET', signal });
}

/** Reads one message of the delivery log with its attempts. */
export function getDelivery(
  client: SmtpSettingsClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeliveryDetailResponse> {
  return requestJson(client, `/deliveries/${encodeURIComponent(id)}`, { method: 'GET', signal });
}

/** Queues a failed or discarded message again, due at once; a message that cannot be rejects with `DELIVERY_NOT_RESENDABLE`. */
export function resendDelivery(
  client: SmtpSettingsClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeliveryDetailResponse> {
  return requestJson(client, `/deliveries/${encodeURIComponent(id)}/resend`, {
    method: 'POST',
    body: {},
    signal,
  });
}

/** Discards a message that waits or failed; one being sent, sent or discarded rejects with `DELIVERY_NOT_DISCARDABLE`. */
export function discardDelivery(
  client: SmtpSettingsClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeliveryDetailResponse> {
  return requestJson(client, `/deliveries/${encodeURIComponent(id)}/discard`, {
    method: 'POST',
    body: {},
    signal,
  });
}
