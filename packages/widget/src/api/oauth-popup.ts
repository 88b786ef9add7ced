import { OAUTH_MESSAGE_TYPE, type OAuthFlowResponse } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from './client.js';
import { ApiRequestError } from './errors.js';
import { PopupClosedError } from './popup-closed-error.js';
import { getFlow } from './requests.js';

/** How often a sign-in window is checked for having been closed, in milliseconds. */
const POPUP_CHECK_MS = 250;

/** What {@link waitForFlow} waits for. */
export interface WaitForFlowOptions {
  /** The client the flow was started with; its origin is the only one whose messages count. */
  client: SmtpSettingsClient;
  /** The flow returned by `startOAuth`. */
  flowId: string;
  /** The sign-in window, to notice when the admin closes it; `null` when none could be opened. */
  popup: Window | null;
  /** Stops waiting, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** How often to ask the server when no message arrives, in milliseconds; defaults to 1500. */
  pollIntervalMs?: number;
}

/**
 * Waits until an OAuth flow leaves `started` and resolves with it (`completed` or `failed`). It
 * learns of the outcome from whichever comes first: the callback page's message on the
 * `smtp-settings:oauth` BroadcastChannel, its `postMessage` from the adapter's origin, or polling.
 * A message is only a hint to ask the server, which stays the source of truth. Rejects with a
 * {@link PopupClosedError} when the window is closed and the flow is still `started`.
 *
 * @example
 * ```ts
 * const { flowId, authorizeUrl } = await startOAuth(client, 'google', fields);
 * const popup = window.open(authorizeUrl, 'smtp-settings-oauth', 'popup,width=520,height=640');
 * const flow = await waitForFlow({ client, flowId, popup, signal });
 * ```
 */
export function waitForFlow({
  client,
  flowId,
  popup,
  signal,
  pollIntervalMs = 1500,
}: WaitForFlowOptions): Promise<OAuthFlowResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const adapterOrigin = new URL(client.baseUrl, location.href).origin;
    const requests = new AbortController();
    const channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(OAUTH_MESSAGE_TYPE) : undefined;
    let settled = false;
    let checking = false;
    let checkAgain = false;
    let popupClosed = false;

    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(pollTimer);
      clearInterval(popupTimer);
      channel?.close();
      window.removeEventListener('message', onWindowMessage);
      signal?.removeEventListener('abort', onAbort);
      requests.abort();
      settle();
    };

    // Checks run one at a time; a hint arriving during a check earns one more, since the check in
    // flight may have been answered before the callback page reached the server.
    const check = async () => {
      if (checking) {
        checkAgain = true;
        return;
      }
      checking = true;
      try {
        do {
          checkAgain = false;
          const flow = await getFlow(client, flowId, requests.signal);
          if (settled) return;
          if (flow.status !== 'started') return finish(() => resolve(flow));
        } while (checkAgain);
        if (popupClosed) finish(() => reject(new PopupClosedError()));
      } catch (error) {
        // A dropped connection while the window is open is retried by the next poll.
        const transient = error instanceof ApiRequestError && error.status === 0 && !popupClosed;
        if (!settled && !transient) finish(() => reject(error));
      } finally {
        checking = false;
      }
    };

    const isOurs = (data: unknown) =>
      typeof data === 'object' &&
      data !== null &&
      (data as { type?: unknown }).type === OAUTH_MESSAGE_TYPE &&
      (data as { flowId?: unknown }).flowId === flowId;

    function onWindowMessage(event: MessageEvent) {
      if (event.origin === adapterOrigin && isOurs(event.data)) void check();
    }
    function onAbort() {
      finish(() => reject(signal?.reason));
    }

    if (channel) {
      channel.onmessage = (event) => {
        if (isOurs(event.data)) void check();
      };
    }
    window.addEventListener('message', onWindowMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
    const pollTimer = setInterval(() => void check(), pollIntervalMs);
    const popupTimer = popup
      ? setInterval(() => {
          if (!popup.closed || popupClosed) return;
          popupClosed = true;
          clearInterval(popupTimer);
          void check();
        }, POPUP_CHECK_MS)
      : undefined;
  });
}
