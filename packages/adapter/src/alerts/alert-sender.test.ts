import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturingLogger } from '../../test/outbox-fixture.js';
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookAnswer,
  type WebhookReceiver,
} from '../../test/webhook-receiver.js';
import { type AlertEvent, healthAlert } from './alert-event.js';
import { type AlertSender, createAlertSender } from './alert-sender.js';
import { type AlertsOptions, type AlertsSettings, resolveAlertsOptions } from './alerts-options.js';
import { verifyWebhookSignature } from './signature.js';

const SECRET = 'alerts-secret-0123456789abcdef-long-enough';

const receivers: WebhookReceiver[] = [];
const senders: AlertSender[] = [];
afterEach(async () => {
  await Promise.all(senders.splice(0).map((sender) => sender.close(1_000)));
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** A receiver answering as `answer` says, and a sender posting to it with short waits between attempts. */
async function setup(answer?: (n: number) => WebhookAnswer, options: Partial<AlertsOptions> = {}) {
  const receiver = await startWebhookReceiver(answer);
  receivers.push(receiver);
  const logger = capturingLogger();
  const settings = resolveAlertsOptions({
    webhook: receiver.url,
    secret: SECRET,
    retry: { attempts: 3, baseDelayMs: 10 },
    ...options,
  }) as AlertsSettings;
  const sender = createAlertSender({ settings, logger, clock: () => new Date() });
  senders.push(sender);
  return { receiver, logger, sender };
}

const held: AlertEvent = healthAlert({
  tenant: 'acme',
  ok: false,
  checkedAt: '2026-12-06T12:00:00.000Z',
  error: {
    code: 'AUTH_FAILED',
    stage: 'auth',
    message: 'The server refused the login.',
    hint: 'Check the password.',
  },
});

/** Waits until the logger has a line containing `text`, and answers it. */
async function logged(logger: { lines: string[] }, text: string): Promise<string> {
  await vi.waitFor(() => expect(logger.lines.join('\n')).toContain(text), { timeout: 10_000, interval: 10 });
  return logger.lines.find((line) => line.includes(text)) as string;
}

describe('alert sender', () => {
  it('posts the event as JSON, signed so the helper verifies it, with its id in a header', async () => {
    const { receiver, sender, logger } = await setup();
    sender.send(held);
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    const request = receiver.requests[0] as ReceivedWebhook;
    expect(JSON.parse(request.body)).toEqual({
      id: held.id,
      type: 'delivery.held',
      tenant: 'acme',
      at: '2026-12-06T12:00:00.000Z',
      error: {
        code: 'AUTH_FAILED',
        stage: 'auth',
        message: 'The server refused the login.',
        hint: 'Check the password.',
      },
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['smtp-settings-event-id']).toBe(held.id);
    const signature = request.headers['smtp-settings-signature'] as string;
    expect(verifyWebhookSignature(request.body, signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(request.body, signature, `${SECRET}-wrong`)).toBe(false);
    expect(`${request.body}${JSON.stringify(request.headers)}`).not.toContain(SECRET);
    await sender.close();
    expect(logger.lines).toEqual([]);
  });

  it('retries a 503 with backoff and succeeds, signing each attempt anew with the same event id', async () => {
    const { receiver, sender, logger } = await setup((n) => ({ status: n < 3 ? 503 : 200 }));
    sender.send(held);
    await sender.close();
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['smtp-settings-event-id']))).toEqual(
      new Set([held.id]),
    );
    for (const { body, headers } of receiver.requests) {
      expect(verifyWebhookSignature(body, headers['smtp-settings-signature'] as string, SECRET)).toBe(true);
    }
    expect(logger.lines).toEqual([]);
  });

  it('gives up after the configured attempts and logs code and status, never the URL or secret', async () => {
    const { receiver, sender, logger } = await setup(() => ({ status: 500 }), {
      retry: { attempts: 4, baseDelayMs: 5 },
    });
    sender.send(held);
    const line = await logged(logger, 'did not reach the webhook');
    expect(receiver.requests).toHaveLength(4);
    expect(line).toContain('"code":"HTTP_STATUS"');
    expect(line).toContain('"status":500');
    expect(line).toContain('"attempts":4');
    for (const secret of [SECRET, 'query-token-never-logged', '127.0.0.1'])
      expect(line).not.toContain(secret);
  });

  it('does not retry a 400', async () => {
    const { receiver, sender, logger } = await setup(() => ({ status: 400 }));
    sender.send(held);
    const line = await logged(logger, 'did not reach the webhook');
    expect(line).toContain('"status":400');
    expect(line).toContain('"attempts":1');
    expect(receiver.requests).toHaveLength(1);
  });

  it("honours a 429's Retry-After", async () => {
    const { receiver, sender } = await setup((n) =>
      n === 1 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 204 },
    );
    sender.send(held);
    await sender.close();
    expect(receiver.requests).toHaveLength(2);
    const [first = 0, second = 0] = receiver.requests.map(({ headers }) =>
      Number(/t=(\d+)/.exec(headers['smtp-settings-signature'] as string)?.[1]),
    );
    // A whole second apart at least: the signature's time is in whole seconds.
    expect(first).toBeGreaterThan(0);
    expect(second - first).toBeGreaterThanOrEqual(1);
  });

  it('abandons a request a silent receiver never answers after timeoutMs, and says TIMEOUT', async () => {
    const { receiver, sender, logger } = await setup(() => 'silent', {
      timeoutMs: 1_000,
      retry: { attempts: 2, baseDelayMs: 5 },
    });
    sender.send(held);
    const line = await logged(logger, 'did not reach the webhook');
    expect(line).toContain('"code":"TIMEOUT"');
    expect(line).toContain('"attempts":2');
    expect(receiver.requests).toHaveLength(2);
  });

  it('sends alerts one at a time, in order, without blocking the caller', async () => {
    const { receiver, sender } = await setup();
    const resumed = healthAlert({ tenant: 'acme', ok: true, checkedAt: '2026-12-06T12:05:00.000Z' });
    expect(sender.send(held)).toBeUndefined();
    sender.send(resumed);
    await sender.close();
    expect(receiver.requests.map(({ body }) => JSON.parse(body).type)).toEqual([
      'delivery.held',
      'delivery.resumed',
    ]);
  });

  it('on close, aborts what a silent receiver holds up after the timeout, drops the rest and says how many', async () => {
    const { sender, logger } = await setup(() => 'silent', { timeoutMs: 60_000 });
    sender.send(held);
    sender.send(held);
    sender.send(held);
    await sender.close(100);
    expect(logger.lines.join('\n')).toContain('"code":"CLOSED"');
    expect(logger.lines.join('\n')).toContain('"dropped":2');
  });

  it('keeps at most 100 alerts waiting behind a stuck receiver, dropping what comes beyond', async () => {
    const { sender, logger } = await setup(() => 'silent', { timeoutMs: 60_000 });
    for (let n = 0; n < 102; n += 1) sender.send(held);
    // One in flight and 100 waiting: the 102nd is dropped at once, and the caller never waits.
    expect(logger.lines.filter((line) => line.includes('queue is full'))).toHaveLength(1);
    await sender.close(50);
    expect(logger.lines.join('\n')).toContain('"dropped":100');
  });
});
