import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedMail } from '../dev-smtp/dev-smtp-server.js';
import { createInbox } from '../inbox/inbox.js';
import { type LocalProvider, startLocalProvider } from '../local-oauth/local-provider.js';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from '../local-oauth/local-providers.js';
import { GRAPH_FAILURE_MODES, type GraphFailureMode } from './graph-failures.js';
import { type LocalGraph, startLocalGraph } from './local-graph.js';

const MAILBOX: string = LOCAL_ACCOUNTS.microsoft;
const SECRET_EXPIRES_AT = new Date('2027-03-01T00:00:00.000Z');

/** A message as the adapter builds it for Graph: nodemailer's MIME (a stream transport keeps the Bcc header for Graph to read). */
async function mimeMessage(): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const { message } = await transport.sendMail({
    from: { name: 'Demo notifications', address: MAILBOX },
    to: 'admin@demo.example',
    cc: '"Ops, on call" <ops@demo.example>',
    bcc: 'audit@demo.example',
    subject: 'Test case TC-42 was updated',
    messageId: '<tc-42.1@demo.example>',
    text: 'Grüße from Graph',
    attachments: [{ filename: 'report.csv', content: 'id,status\n42,updated\n' }],
  });
  return message as Buffer;
}

describe('local Graph', () => {
  let microsoft: LocalProvider;
  let graph: LocalGraph;
  const inbox = createInbox();
  const delivered: AcceptedMail[] = [];
  let graphToken: string;

  beforeAll(async () => {
    microsoft = await startLocalProvider({
      provider: 'microsoft',
      account: MAILBOX,
      registration: LOCAL_CLIENTS.microsoft,
    });
    graph = await startLocalGraph({
      microsoft,
      secretExpiresAt: SECRET_EXPIRES_AT,
      onMail: (mail) => {
        delivered.push(mail);
        inbox.add(mail);
      },
    });
    graphToken = await tokenFor(`${graph.url}/.default`);
  });
  afterAll(async () => {
    await graph.stop();
    await microsoft.stop();
  });
  afterEach(() => {
    graph.setFailure({ failing: false });
    delivered.length = 0;
    inbox.clear();
  });

  /** A client credentials token of the local Microsoft for `scope`. */
  const tokenFor = async (scope: string) => {
    const { clientId, clientSecret } = LOCAL_CLIENTS.microsoft;
    const response = await fetch(microsoft.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  /** A Graph request as the adapter makes it: the bearer token, and for sending the base64 MIME message. */
  const call = async (path: string, { mime, token = graphToken }: { mime?: Buffer; token?: string } = {}) => {
    const response = await fetch(`${graph.url}${path}`, {
      method: mime ? 'POST' : 'GET',
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(mime && { 'Content-Type': 'text/plain' }),
      },
      ...(mime && { body: mime.toString('base64') }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as { error?: { code: string; message: string } } & Record<
        string,
        unknown
      >,
    };
  };
  const sendMail = async (mailbox = MAILBOX, token?: string) =>
    call(`/v1.0/users/${encodeURIComponent(mailbox)}/sendMail`, {
      mime: await mimeMessage(),
      ...(token !== undefined && { token }),
    });

  it('delivers a MIME message into the inbox with its headers, Message-ID and attachment, to To, Cc and Bcc', async () => {
    const mime = await mimeMessage();
    const sent = await call(`/v1.0/users/${encodeURIComponent(MAILBOX)}/sendMail`, { mime });
    expect(sent.status).toBe(202);
    expect(sent.body).toBeUndefined();

    expect(delivered).toHaveLength(1);
    const [mail] = delivered;
    expect(mail?.from).toBe(MAILBOX);
    expect(mail?.to).toEqual(['admin@demo.example', 'ops@demo.example', 'audit@demo.example']);
    // Exchange drops the Bcc header; everything else arrives byte for byte.
    const withoutBcc = mime.toString('latin1').replace(/^Bcc: .*\r\n/m, '');
    expect(mail?.raw.toString('latin1')).toBe(withoutBcc);
    expect(mail?.raw.toString('latin1')).toContain(Buffer.from('id,status\n42,updated\n').toString('base64'));

    expect(inbox.list()).toEqual([
      expect.objectContaining({
        messageId: '<tc-42.1@demo.example>',
        from: `Demo notifications <${MAILBOX}>`,
        to: ['admin@demo.example', 'ops@demo.example', 'audit@demo.example'],
        subject: 'Test case TC-42 was updated',
        copy: 1,
      }),
    ]);
    const [summary] = inbox.list();
    expect(inbox.get(summary?.id ?? '')?.text).toBe('Grüße from Graph');
  });

  it('finds the demo mailbox by address in any case, and no other', async () => {
    const found = await call(
      `/v1.0/users/${MAILBOX.toUpperCase()}?$select=displayName,mail,userPrincipalName`,
    );
    expect(found).toMatchObject({
      status: 200,
      body: { displayName: 'Notifications', mail: MAILBOX, userPrincipalName: MAILBOX },
    });
    expect(await call('/v1.0/users/nobody%40contoso.example')).toMatchObject({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound' } },
    });
    const sentAsOther = await sendMail('nobody@contoso.example');
    expect(sentAsOther).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'ErrorInvalidUser',
          message: "The requested user 'nobody@contoso.example' is invalid.",
        },
      },
    });
    expect(delivered).toEqual([]);
  });

  it("reads the demo app registration's secret: its hint and end date", async () => {
    const { clientId, clientSecret } = LOCAL_CLIENTS.microsoft;
    const read = await call(`/v1.0/applications(appId='${clientId}')?$select=passwordCredentials`);
    expect(read.status).toBe(200);
    expect(read.body.passwordCredentials).toEqual([
      expect.objectContaining({
        hint: clientSecret.slice(0, 3),
        endDateTime: SECRET_EXPIRES_AT.toISOString(),
      }),
    ]);
    expect(
      (
        await call(
          "/v1.0/applications(appId='3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f')?$select=passwordCredentials",
        )
      ).status,
    ).toBe(404);
  });

  it('answers 401 InvalidAuthenticationToken without a token, for one it did not issue or one for another resource', async () => {
    const smtpToken = await tokenFor('https://outlook.office365.com/.default');
    const cases = [
      ['', 'Access token is empty.'],
      [`${graphToken}x`, 'Access token validation failure.'],
      [smtpToken, 'Access token validation failure. Invalid audience.'],
    ] as const;
    for (const [token, message] of cases) {
      expect(await sendMail(MAILBOX, token)).toMatchObject({
        status: 401,
        body: { error: { code: 'InvalidAuthenticationToken', message } },
      });
    }
    expect(delivered).toEqual([]);
  });

  /** What sending answers in each failure mode: status, Graph error code and message. */
  const FAILURES = {
    accessDenied: [403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
    policyDenied: [
      403,
      'ErrorAccessDenied',
      expect.stringContaining('[RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings'),
    ],
    sendAsDenied: [403, 'ErrorSendAsDenied', expect.stringContaining('does not have the right to send mail')],
    mailboxNotFound: [404, 'ErrorInvalidUser', `The requested user '${MAILBOX}' is invalid.`],
    mailboxNotLicensed: [
      404,
      'MailboxNotEnabledForRESTAPI',
      expect.stringContaining('inactive, soft-deleted'),
    ],
    throttled: [429, 'ApplicationThrottled', expect.any(String)],
    unavailable: [503, 'ServiceNotAvailable', expect.any(String)],
  } satisfies Record<GraphFailureMode, [number, string, unknown]>;

  it.each(GRAPH_FAILURE_MODES)(
    "on demand, %s: sending answers Graph's error, and nothing is delivered",
    async (mode) => {
      const [status, code, message] = FAILURES[mode];
      expect(graph.setFailure({ failing: true, mode })).toEqual({
        failing: true,
        mode,
        since: expect.any(String),
      });
      const failed = await sendMail();
      expect(failed).toMatchObject({ status, body: { error: { code, message } } });
      // Graph's support trail: the request ID in the header and in the error's inner error.
      expect(failed.body.error).toMatchObject({
        innerError: { 'request-id': failed.headers.get('request-id') },
      });
      expect(failed.headers.get('retry-after')).toBe(mode === 'throttled' ? '5' : null);
      expect(delivered).toEqual([]);
    },
  );

  it('sends the Retry-After asked for, on 429 and 503 alike, and answers normally once back to normal', async () => {
    graph.setFailure({ failing: true, mode: 'throttled', retryAfterSeconds: 30 });
    expect((await sendMail()).headers.get('retry-after')).toBe('30');
    graph.setFailure({ failing: true, mode: 'unavailable', retryAfterSeconds: 12 });
    expect((await sendMail()).headers.get('retry-after')).toBe('12');
    expect(graph.setFailure({ failing: false })).toEqual({ failing: false });
    expect((await sendMail()).status).toBe(202);
    expect(delivered).toHaveLength(1);
  });

  it('fails the mailbox lookup only where Graph would: throttling and a missing mailbox, not a missing permission', async () => {
    const lookup = () => call(`/v1.0/users/${encodeURIComponent(MAILBOX)}`);
    graph.setFailure({ failing: true, mode: 'accessDenied' });
    expect((await lookup()).status).toBe(200);
    graph.setFailure({ failing: true, mode: 'mailboxNotFound' });
    expect(await lookup()).toMatchObject({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound' } },
    });
    graph.setFailure({ failing: true, mode: 'throttled' });
    expect((await lookup()).status).toBe(429);
  });

  it('refuses a body that is not base64 MIME as Graph does', async () => {
    const raw = await fetch(`${graph.url}/v1.0/users/${MAILBOX}/sendMail`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${graphToken}`, 'Content-Type': 'text/plain' },
      body: 'Subject: not base64\r\n\r\nHello',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe(
      'ErrorMimeContentInvalidBase64String',
    );
    expect(delivered).toEqual([]);
  });
});
