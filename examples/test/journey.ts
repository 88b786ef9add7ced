/**
 * What every backend example is held to: an admin's Test (its stages read from the event stream as
 * they come), Save with the Test's receipt, then a notification the host app sends through the mailer,
 * all against a real in-process SMTP server.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createSmtpConfig, memoryStore, type SmtpConfig } from '@smtp-settings/adapter';
import type { TestResponse, TestStage } from '@smtp-settings/schema';
import { expect } from 'vitest';
import {
  type SmtpServerFixture,
  startSmtpServer,
  testCertificates,
} from '../../packages/adapter/test/smtp-server-fixture.js';

/** The URL every example mounts the adapter at. */
export const PUBLIC_URL = 'https://app.example.test/api/smtp';
/** The origin a same-origin browser request carries. */
export const ORIGIN = 'https://app.example.test';
/** The account the test mail server takes. */
export const USER = 'mailer@example.test';
/** Its password. */
export const PASSWORD = 'example-Pa55word-never-echo';

/** Sends a request to the host app under test, by path (`/api/smtp/test`, `/notify`). */
export type Call = (path: string, init?: RequestInit) => Promise<Response>;

/** A mail server and the adapter's configuration that trusts it, for one example's tests. */
export interface Backend {
  server: SmtpServerFixture;
  config: SmtpConfig;
  close(): Promise<void>;
}

/** Starts a STARTTLS server with one account and a configuration (memory store) that trusts its CA. */
export async function startBackend(): Promise<Backend> {
  const server = await startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD } });
  const config = createSmtpConfig({
    store: memoryStore(),
    secretKey: randomBytes(32).toString('base64'),
    smtpTls: { ca: testCertificates().ca },
  });
  return { server, config, close: () => server.close() };
}

/** The settings an admin types for `server`. */
export function settingsFor(server: SmtpServerFixture) {
  return {
    authType: 'basic',
    host: server.host,
    port: server.port,
    security: 'starttls',
    username: USER,
    password: PASSWORD,
    fromEmail: 'notifications@example.test',
    fromName: 'Example app',
  };
}

/** The headers of a state-changing request from the app's own page. */
export const JSON_HEADERS = { 'Content-Type': 'application/json', Origin: ORIGIN };

/** What the journey saw. */
export interface JourneyResult {
  /** The names of the stages the Test streamed, in the order they arrived. */
  stages: string[];
  /** The Test's final answer. */
  result: TestResponse;
  /** The status of Save. */
  saved: number;
  /** The status of the host's notification route. */
  notified: number;
}

/** Calls the example listening at `baseUrl` as a user of `role` (the examples' `X-Role` header). */
export function callAs(baseUrl: string, role: string): Call {
  return (path, init) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { 'X-Role': role, ...init?.headers } });
}

/** Checks that the journey went through: every stage passed, Save took, the notification arrived once. */
export function expectJourneyDelivered(journey: JourneyResult, server: SmtpServerFixture): void {
  expect(journey.stages).toEqual(['dns', 'connect', 'tls', 'ehlo', 'auth', 'envelope']);
  expect(journey.result.ok).toBe(true);
  expect(journey.saved).toBe(200);
  expect(journey.notified).toBe(202);
  expect(server.messages).toHaveLength(1);
  expect(server.messages[0]?.raw).toContain('Subject: Test case TC-42 was updated');
}

/** Runs Test (as an event stream), Save and a notification through `call`. */
export async function runJourney(call: Call, server: SmtpServerFixture): Promise<JourneyResult> {
  const settings = settingsFor(server);
  const test = await call('/api/smtp/test', {
    method: 'POST',
    headers: { ...JSON_HEADERS, Accept: 'text/event-stream' },
    body: JSON.stringify({ settings }),
  });
  if (!test.headers.get('Content-Type')?.startsWith('text/event-stream')) {
    throw new Error(`The Test answered ${test.status} ${await test.text()}, not an event stream`);
  }
  const stages: string[] = [];
  let result: TestResponse | undefined;
  for await (const event of serverSentEvents(test)) {
    if (event.event === 'stage') stages.push((JSON.parse(event.data) as TestStage).name);
    if (event.event === 'result') result = JSON.parse(event.data) as TestResponse;
  }
  if (!result) throw new Error('The Test streamed no result');

  const save = await call('/api/smtp/settings', {
    method: 'PUT',
    headers: JSON_HEADERS,
    body: JSON.stringify({ settings, receipt: result.receipt }),
  });
  const notify = await call('/notify', {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ to: 'qa-lead@example.test' }),
  });
  return { stages, result, saved: save.status, notified: notify.status };
}

/** One event of a `text/event-stream`. */
interface ServerSentEvent {
  event: string;
  data: string;
}

/** Reads a `text/event-stream` answer event by event, as the widget does. */
async function* serverSentEvents(response: Response): AsyncGenerator<ServerSentEvent> {
  if (!response.body) return;
  let buffered = '';
  for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      yield parseEvent(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf('\n\n');
    }
  }
}

function parseEvent(block: string): ServerSentEvent {
  const event = { event: 'message', data: '' };
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event.event = line.slice(6).trim();
    if (line.startsWith('data:')) event.data += line.slice(5).trimStart();
  }
  return event;
}
