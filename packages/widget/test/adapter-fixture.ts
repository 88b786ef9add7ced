/**
 * Browser-side helpers for the adapter harness of `test/adapter-server.mjs`: start it over, read the
 * test SMTP server or change its password, build settings that pass its connection test, consent to an
 * OAuth flow, and hand mail to the outbox.
 *
 * @module
 */
import type { OAuthStartRequest, SmtpSettingsDraftInput } from '@smtp-settings/schema';

/** Where the harness mounts the adapter, same-origin with the test page. */
export const ENDPOINT = '/api/smtp';

/** The account the OAuth mock signs in. */
export const OAUTH_ACCOUNT = 'notifications@example.com';

/** A client secret the OAuth mock refuses with `invalid_client` when a sign-in redeems its code. */
export const REFUSED_CLIENT_SECRET = 'refused-client-secret';

/** The OAuth fields of the Google form that the mock provider accepts. */
export const GOOGLE_OAUTH_FIELDS: OAuthStartRequest = {
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'test-client-secret',
};

/** The test SMTP server as `GET /__test/smtp` describes it. */
export interface TestSmtpServer {
  /** Always `127.0.0.1`. */
  host: string;
  /** Its port. */
  port: number;
  /** The user AUTH PLAIN/LOGIN accepts. */
  user: string;
  /** That user's password. */
  password: string;
  /** How many messages it accepted since the last reset. */
  messages: number;
  /** A port that takes connections and never greets, so a test against it runs until cancelled. */
  silentPort: number;
  /** How many connections the silent port holds open. */
  silentConnections: number;
}

/**
 * Replaces the adapter with a new one over an empty store, so each test starts from nothing saved; its
 * outbox gives up on a message `horizonMs` after it was handed over (48 hours unless given).
 */
export async function resetAdapter({ horizonMs }: { horizonMs?: number } = {}): Promise<void> {
  const response = await postJson('/__test/reset', { horizonMs });
  if (response.status !== 204) throw new Error(`Resetting the adapter answered ${response.status}`);
}

/** Reads where the test SMTP server listens and how many messages it accepted. */
export async function testSmtpServer(): Promise<TestSmtpServer> {
  return (await fetch('/__test/smtp')).json();
}

/** Basic settings that pass the connection test against `smtp`, with `overrides` applied. */
export function basicSettings(
  smtp: TestSmtpServer,
  overrides: Partial<Record<string, unknown>> = {},
): SmtpSettingsDraftInput {
  return {
    authType: 'basic',
    host: smtp.host,
    port: smtp.port,
    security: 'none',
    username: smtp.user,
    password: smtp.password,
    fromEmail: 'notifications@example.com',
    fromName: 'Example',
    ...overrides,
  } as SmtpSettingsDraftInput;
}

/**
 * Completes an OAuth flow on the server side, as the sign-in popup would, without posting any message
 * to the page. Resolves with where the browser goes next: the page again for a flow started with
 * `returnTo`, `undefined` for a popup's flow.
 */
export async function consentOnServer(authorizeUrl: string): Promise<string | undefined> {
  const response = await postJson('/__test/oauth/consent', { authorizeUrl });
  const { status, location } = (await response.json()) as { status?: number; location?: string };
  if (status !== 200 && status !== 303) throw new Error(`The OAuth callback answered ${status}`);
  return location;
}

/** Turns the adapter's feature gate off (every route answers 404) or back on; a reset turns it on. */
export async function setFeatureEnabled(enabled: boolean): Promise<void> {
  const response = await postJson('/__test/feature', { enabled });
  if (response.status !== 204) throw new Error(`Switching the feature answered ${response.status}`);
}

/** Replaces the adapter's secret key, keeping the store: every saved secret can no longer be decrypted. */
export async function forgetSecretKey(): Promise<void> {
  const response = await fetch('/__test/forget-key', { method: 'POST' });
  if (response.status !== 204) throw new Error(`Forgetting the key answered ${response.status}`);
}

/** Makes the test SMTP server accept `password` instead (until the next reset), as when the mailbox's password changed. */
export async function changeSmtpPassword(password: string): Promise<void> {
  const response = await postJson('/__test/smtp/password', { password });
  if (response.status !== 204) throw new Error(`Changing the SMTP password answered ${response.status}`);
}

/** Hands messages to the harness's outbox, oldest first; resolves with their ids once they are stored. */
export async function enqueue(messages: ReadonlyArray<{ to: string; subject: string }>): Promise<string[]> {
  const response = await postJson('/__test/outbox/enqueue', { messages });
  if (!response.ok) throw new Error(`Enqueueing answered ${response.status}`);
  return ((await response.json()) as { ids: string[] }).ids;
}

/**
 * Makes the test SMTP server answer every recipient (or only `recipient`) with `reply`, such as
 * `'451 4.3.0 Try again later'` (the outbox retries) or `'550 5.1.1 User unknown'` (the message fails, or
 * goes to the others); `null` accepts them again.
 */
export async function refuseRecipients(reply: string | null, recipient?: string): Promise<void> {
  const response = await postJson('/__test/smtp/refuse', { reply, recipient });
  if (response.status !== 204) throw new Error(`Setting the refusal answered ${response.status}`);
}

function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
