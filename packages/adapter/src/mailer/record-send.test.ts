import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { basicDraft, createTestApp, newSecretKey, SECRETS } from '../../test/app-fixture.js';
import {
  decodedHeader,
  type SmtpServerFixture,
  type SmtpServerFixtureOptions,
  startSmtpServer,
} from '../../test/smtp-server-fixture.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore } from '../outbox/delivery-store.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer, type Mailer, type MailerOptions } from './create-mailer.js';
import { MailerNotConfiguredError } from './mailer-not-configured-error.js';

const TENANT = 'acme';
const USER = 'mailer@example.com';
/** The message's body: it is delivered, and never kept in the log. */
const BODY = 'BODY-Dana changed the expected result of step 3-never-logged';
const SUBJECT = 'Test case TC-42 was updated';
const FAST_RETRY = { attempts: 3, baseDelayMs: 5 };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const lines: string[] = [];
const logger: Logger = {
  error: (message, details) => lines.push(`${message} ${JSON.stringify(details ?? {})}`),
  warn: (message, details) => lines.push(`${message} ${JSON.stringify(details ?? {})}`),
  info: (message, details) => lines.push(`${message} ${JSON.stringify(details ?? {})}`),
};

type Store = SettingsStore & DeliveryStore;

/** Saves Basic settings for a server on 127.0.0.1 through `PUT /settings`, as an admin would. */
async function saveSettings(store: SettingsStore, secretKey: string, port: number): Promise<void> {
  const app = createTestApp({ store, secretKey, tenant: () => TENANT });
  const settings = basicDraft({ host: '127.0.0.1', port, security: 'none', username: USER });
  expect((await app.call('PUT', '/settings', { body: { settings } })).status).toBe(200);
}

async function server(options: Partial<SmtpServerFixtureOptions> = {}): Promise<SmtpServerFixture> {
  const started = await startSmtpServer({
    security: 'none',
    users: { [USER]: SECRETS.password },
    allowInsecureAuth: true,
    ...options,
  });
  closers.push(() => started.close());
  return started;
}

function mailerFor(store: SettingsStore, secretKey: string, options: Partial<MailerOptions> = {}): Mailer {
  const mailer = createMailer({ store, secretKey, tenant: TENANT, logger, retry: FAST_RETRY, ...options });
  closers.push(() => mailer.close());
  return mailer;
}

/** Every record of the tenant's log, newest first, with its attempts. */
async function logged(store: Store) {
  const { deliveries } = await store.listDeliveries(TENANT, { limit: 200 });
  return Promise.all(deliveries.map((delivery) => store.getDelivery(TENANT, delivery.id)));
}

const message = {
  to: 'Dana <Dana@example.com>, qa-lead@example.com',
  cc: [{ name: 'Lead', address: 'lead@example.com' }],
  bcc: 'audit@example.com',
  subject: SUBJECT,
  text: BODY,
};

describe('mailer.send() in the delivery log', () => {
  it('records a sent message: recipients, subject, the Message-ID the server got, the reply, never the body', async () => {
    const smtp = await server();
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, smtp.port);

    const sent = await mailerFor(store, secretKey).send(message);

    const [entry] = await logged(store);
    expect(smtp.messages).toHaveLength(1);
    const received = decodedHeader(smtp.messages[0]?.raw ?? '', 'Message-ID');
    expect(received).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(sent.messageId).toBe(received);
    expect(entry?.delivery).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      tenant: TENANT,
      source: 'mailer',
      status: 'sent',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      attempts: 1,
      messageId: received,
      to: ['Dana@example.com', 'qa-lead@example.com'],
      cc: ['lead@example.com'],
      bcc: ['audit@example.com'],
      subject: SUBJECT,
      sentAt: entry?.delivery.createdAt,
    });
    expect(entry?.attempts).toEqual([
      {
        number: 1,
        at: entry?.delivery.createdAt,
        durationMs: expect.any(Number),
        outcome: 'sent',
        response: expect.stringMatching(/^250 OK queued as test-1/),
      },
    ]);
    // Nothing to send again: a direct send's content is never kept, so no worker can claim it.
    const claimed = await store.claimDeliveries({
      now: new Date(Date.now() + 60_000).toISOString(),
      limit: 10,
      perTenant: 10,
      owner: 'worker',
      leaseUntil: new Date(Date.now() + 120_000).toISOString(),
      skipTenants: [],
    });
    expect(claimed).toEqual([]);
    expect(JSON.stringify(entry)).not.toContain('BODY');
  });

  it('keeps the Message-ID a host gave', async () => {
    const smtp = await server();
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, smtp.port);

    await mailerFor(store, secretKey).send({ ...message, messageId: '<tc-42.update.7@app.example.com>' });

    expect(decodedHeader(smtp.messages[0]?.raw ?? '', 'Message-ID')).toBe('<tc-42.update.7@app.example.com>');
    expect((await logged(store))[0]?.delivery.messageId).toBe('<tc-42.update.7@app.example.com>');
  });

  it('records a refused message as failed, with the classified failure and its hint', async () => {
    const smtp = await server({ rejectRecipient: { reply: '550 5.1.1 No such user here' } });
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, smtp.port);

    const error = await mailerFor(store, secretKey)
      .send(message)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmtpFailure);
    const [entry] = await logged(store);
    const failure = (error as SmtpFailure).toTestFailure();
    expect(failure).toMatchObject({
      code: 'RECIPIENT_REJECTED',
      stage: 'envelope',
      hint: expect.any(String),
    });
    expect(entry?.delivery).toMatchObject({ source: 'mailer', status: 'failed', attempts: 1, failure });
    expect(entry?.delivery.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(entry?.attempts).toEqual([
      {
        number: 1,
        at: entry?.delivery.createdAt,
        durationMs: expect.any(Number),
        outcome: 'failed',
        failure,
      },
    ]);
  });

  it('records a send while nothing is saved as failed with NOT_CONFIGURED', async () => {
    const store = memoryStore();
    const error = await mailerFor(store, newSecretKey())
      .send(message)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailerNotConfiguredError);
    const [entry] = await logged(store);
    expect(entry?.delivery).toMatchObject({
      status: 'failed',
      failure: { code: 'NOT_CONFIGURED', hint: expect.stringMatching(/test it and save/) },
    });
    expect(entry?.delivery.messageId).toMatch(/^<[0-9a-f-]{36}@smtp-settings\.localhost>$/);
  });

  it('records a send that retried as one attempt, every try with the same Message-ID', async () => {
    const received: string[] = [];
    const flaky = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(decodedHeader(Buffer.concat(chunks).toString('utf8'), 'Message-ID') ?? '');
          if (received.length > 1) return callback();
          const busy: SMTPServerError = new Error('4.3.0 Try again later');
          busy.responseCode = 451;
          callback(busy);
        });
      },
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => flaky.close(() => resolve())));
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, (flaky.server.address() as AddressInfo).port);

    await mailerFor(store, secretKey).send(message);

    expect(received).toHaveLength(2);
    expect(received[1]).toBe(received[0]);
    const [entry] = await logged(store);
    expect(entry?.delivery).toMatchObject({ status: 'sent', attempts: 1, messageId: received[0] });
    expect(entry?.attempts).toHaveLength(1);
  });

  it('still sends when the log cannot be written, and logs that without content', async () => {
    const smtp = await server();
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, smtp.port);
    const broken: Store = {
      ...store,
      addDelivery: async () => {
        throw Object.assign(new Error(`disk full while writing ${SUBJECT}`), { name: 'SqliteError' });
      },
    };
    lines.length = 0;

    await mailerFor(broken, secretKey).send(message);

    expect(smtp.messages).toHaveLength(1);
    expect(lines).toEqual([
      'smtp-settings: could not record a sent message in the delivery log {"tenant":"acme","error":"SqliteError"}',
    ]);
  });

  it('records nothing for a message it refuses, nor with logDeliveries: false, nor on a store without a log', async () => {
    const smtp = await server();
    const store = memoryStore();
    const secretKey = newSecretKey();
    await saveSettings(store, secretKey, smtp.port);

    await expect(
      mailerFor(store, secretKey).send({ ...message, headers: { From: 'ceo@example.com' } }),
    ).rejects.toThrow(TypeError);
    await mailerFor(store, secretKey, { logDeliveries: false }).send(message);
    // The same store, but for one method of the log: it is not a DeliveryStore, so nothing is recorded in it.
    await mailerFor({ ...store, addDelivery: undefined } as unknown as SettingsStore, secretKey).send(
      message,
    );

    expect(smtp.messages).toHaveLength(2);
    expect(await logged(store)).toEqual([]);
  });
});
