import { expect } from '@open-wc/testing';
import { OAUTH_MESSAGE_TYPE } from '@smtp-settings/schema';
import {
  consentOnServer,
  ENDPOINT,
  GOOGLE_OAUTH_FIELDS,
  OAUTH_ACCOUNT,
  resetAdapter,
} from '../../test/adapter-fixture.js';
import { createClient, type SmtpSettingsClient } from './client.js';
import { waitForFlow } from './oauth-popup.js';
import { PopupClosedError } from './popup-closed-error.js';
import { startOAuth } from './requests.js';

/** Long enough that nothing in a test can come from polling. */
const NO_POLLING = 60_000;

/** A client whose flow lookups are counted, to tell what made `waitForFlow` ask the server. */
function countingClient(): { client: SmtpSettingsClient; flowLookups: () => number } {
  let lookups = 0;
  const client = createClient(ENDPOINT, (input, init) => {
    if (String(input).includes('/oauth/flows/')) lookups += 1;
    return fetch(input, init);
  });
  return { client, flowLookups: () => lookups };
}

function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise((r) => setTimeout(() => r(marker), 0)),
  ]).then((value) => value !== marker);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waitForFlow against the real adapter and OAuth callback page', () => {
  const opened: Window[] = [];
  const open = (url: string, features?: string) => {
    const popup = window.open(url, '_blank', features);
    if (popup) opened.push(popup);
    return popup;
  };

  beforeEach(resetAdapter);
  afterEach(() => {
    for (const popup of opened.splice(0)) popup.close();
  });

  it('follows a real sign-in window to completion', async () => {
    const { client } = countingClient();
    const { flowId, authorizeUrl } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    const popup = open(authorizeUrl, 'popup,width=480,height=600');
    expect(popup).to.not.equal(null);
    const flow = await waitForFlow({ client, flowId, popup, pollIntervalMs: NO_POLLING });
    expect(flow).to.include({ flowId, status: 'completed', provider: 'google', account: OAUTH_ACCOUNT });
  });

  it('resolves from the BroadcastChannel message when the window has no opener to post to', async () => {
    const { client, flowLookups } = countingClient();
    const { flowId, authorizeUrl } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    const waiting = waitForFlow({ client, flowId, popup: null, pollIntervalMs: NO_POLLING });
    // `noopener` leaves the callback page only the BroadcastChannel to reach this page.
    open(authorizeUrl, 'noopener');
    const flow = await waiting;
    expect(flow).to.include({ flowId, status: 'completed', account: OAUTH_ACCOUNT });
    expect(flowLookups()).to.equal(1);
  });

  it("ignores messages from another origin, of another type or about another flow, and trusts the adapter's", async () => {
    const { client, flowLookups } = countingClient();
    const { flowId, authorizeUrl } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    await consentOnServer(authorizeUrl);
    const waiting = waitForFlow({ client, flowId, popup: null, pollIntervalMs: NO_POLLING });

    window.dispatchEvent(
      new MessageEvent('message', {
        origin: 'https://evil.example',
        data: { type: OAUTH_MESSAGE_TYPE, flowId },
      }),
    );
    window.postMessage({ type: 'something-else', flowId }, location.origin);
    window.postMessage({ type: OAUTH_MESSAGE_TYPE, flowId: 'another-flow' }, location.origin);
    const channel = new BroadcastChannel(OAUTH_MESSAGE_TYPE);
    channel.postMessage({ type: OAUTH_MESSAGE_TYPE, flowId: 'another-flow' });
    await pause(300);
    expect(await settled(waiting)).to.equal(false);
    expect(flowLookups()).to.equal(0);

    window.postMessage({ type: OAUTH_MESSAGE_TYPE, flowId, status: 'completed' }, location.origin);
    expect(await waiting).to.include({ flowId, status: 'completed' });
    expect(flowLookups()).to.equal(1);
    channel.close();
  });

  it('takes a message as a hint only: the server says whether the flow is done', async () => {
    const { client, flowLookups } = countingClient();
    const { flowId } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    const controller = new AbortController();
    const waiting = waitForFlow({
      client,
      flowId,
      popup: null,
      signal: controller.signal,
      pollIntervalMs: NO_POLLING,
    });
    // A forged "completed" for a flow the provider never called back about.
    window.postMessage({ type: OAUTH_MESSAGE_TYPE, flowId, status: 'completed' }, location.origin);
    await pause(300);
    expect(flowLookups()).to.equal(1);
    expect(await settled(waiting)).to.equal(false);
    controller.abort();
    await waiting.catch(() => {});
  });

  it('finds the outcome by polling when no message arrives', async () => {
    const { client } = countingClient();
    const { flowId, authorizeUrl } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    await consentOnServer(authorizeUrl);
    const flow = await waitForFlow({ client, flowId, popup: null, pollIntervalMs: 50 });
    expect(flow).to.include({ flowId, status: 'completed' });
  });

  it('rejects with PopupClosedError when the window is closed before the flow completes', async () => {
    const { client, flowLookups } = countingClient();
    const { flowId } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    const popup = open('about:blank', 'popup,width=480,height=600');
    const waiting = waitForFlow({ client, flowId, popup, pollIntervalMs: NO_POLLING });
    popup?.close();
    let error: unknown;
    try {
      await waiting;
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(PopupClosedError);
    // Closed windows get one last look at the server, in case the callback won the race.
    expect(flowLookups()).to.equal(1);
  });

  it('stops at once when aborted and reacts to nothing afterwards', async () => {
    const { client, flowLookups } = countingClient();
    const { flowId } = await startOAuth(client, 'google', GOOGLE_OAUTH_FIELDS);
    const controller = new AbortController();
    const waiting = waitForFlow({
      client,
      flowId,
      popup: null,
      signal: controller.signal,
      pollIntervalMs: 50,
    });
    controller.abort(new DOMException('The admin cancelled', 'AbortError'));
    let error: unknown;
    try {
      await waiting;
    } catch (caught) {
      error = caught;
    }
    expect((error as DOMException).message).to.equal('The admin cancelled');
    window.postMessage({ type: OAUTH_MESSAGE_TYPE, flowId }, location.origin);
    await pause(200);
    expect(flowLookups()).to.equal(0);
  });
});
