import type { TestStageName } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { type ExpectedFailure, expectFailure } from '../../test/expect-failure.js';
import { englishText } from '../failures/server-text.js';
import { classifyReply } from './classify-reply.js';
import { parseReply } from './smtp-reply.js';

const oauthChallenge = Buffer.from(
  JSON.stringify({ status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' }),
).toString('base64');

describe('classifyReply', () => {
  const cases: Array<
    [reply: string, stage: TestStageName, command: string | undefined, expected: ExpectedFailure]
  > = [
    [
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled',
      'auth',
      'AUTH LOGIN',
      { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /enable "Authenticated SMTP" for the mailbox/i },
    ],
    [
      '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
      'auth',
      'AUTH LOGIN',
      { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /Microsoft OAuth/ },
    ],
    [
      '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.',
      'auth',
      'AUTH LOGIN',
      { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /Security defaults/ },
    ],
    [
      '535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.outlook.com]',
      'auth',
      'AUTH LOGIN',
      { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /enable "Authenticated SMTP" for the mailbox/i },
    ],
    [
      '535 5.7.3 Authentication unsuccessful',
      'auth',
      'AUTH XOAUTH2',
      { code: 'SMTP_AUTH_DISABLED', stage: 'auth', hint: /SMTP\.Send/ },
    ],
    [
      '554 5.2.252 SendAsDenied; app@contoso.com not allowed to send as boss@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied',
      'send',
      'DATA',
      { code: 'SENDER_REJECTED', stage: 'send', hint: /grant .*"Send As" on the From address/i },
    ],
    [
      '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
      'envelope',
      'MAIL FROM',
      { code: 'SENDER_REJECTED', stage: 'envelope', hint: /"Send As"/ },
    ],
    [
      '534-5.7.9 Application-specific password required. For more information, go to\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor',
      'auth',
      'AUTH PLAIN',
      {
        code: 'AUTH_FAILED',
        stage: 'auth',
        hint: 'Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
      },
    ],
    [
      '534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1>\n534 5.7.14 Please log in via your web browser and then try again.',
      'auth',
      'AUTH PLAIN',
      { code: 'AUTH_FAILED', stage: 'auth', hint: /app password/ },
    ],
    [
      '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials',
      'auth',
      'AUTH PLAIN',
      { code: 'AUTH_FAILED', stage: 'auth', hint: /app password/ },
    ],
    [
      '535 5.7.8 Authentication credentials invalid',
      'auth',
      'AUTH PLAIN',
      { code: 'AUTH_FAILED', stage: 'auth', hint: englishText('hint.AUTH_FAILED') },
    ],
    [
      '530 5.7.0 Authentication required',
      'envelope',
      'MAIL FROM',
      { code: 'AUTH_REQUIRED', stage: 'envelope' },
    ],
    [
      '530 5.7.0 Error: authentication Required',
      'envelope',
      'RCPT TO',
      { code: 'AUTH_REQUIRED', stage: 'envelope', hint: englishText('hint.AUTH_REQUIRED') },
    ],
    [
      '530 5.7.57 Client not authenticated to send mail. [DB6PR0301CA0001.eurprd03.prod.outlook.com]',
      'envelope',
      'MAIL FROM',
      { code: 'AUTH_REQUIRED', stage: 'envelope' },
    ],
    [
      '530 5.7.0 Must issue a STARTTLS command first.',
      'envelope',
      'MAIL FROM',
      { code: 'TLS_WRONG_MODE', stage: 'envelope', hint: /STARTTLS/ },
    ],
    [
      '538 Error: Must issue a STARTTLS command first',
      'auth',
      'AUTH PLAIN',
      { code: 'TLS_WRONG_MODE', stage: 'auth' },
    ],
    [
      '504 5.7.4 Unrecognized authentication type',
      'auth',
      'AUTH PLAIN',
      { code: 'AUTH_MECH_UNSUPPORTED', stage: 'auth' },
    ],
    [
      '535 5.7.0 Authentication mechanism not supported',
      'auth',
      'AUTH LOGIN',
      { code: 'AUTH_MECH_UNSUPPORTED', stage: 'auth' },
    ],
    [
      '421 4.7.0 Try again later, closing connection. (EHLO)',
      'ehlo',
      'EHLO',
      { code: 'RATE_LIMITED', stage: 'ehlo', transient: true },
    ],
    [
      '450 4.7.28 Our system has detected an unusual rate of unsolicited mail',
      'envelope',
      'RCPT TO',
      { code: 'RATE_LIMITED', stage: 'envelope', transient: true },
    ],
    [
      '451 4.7.500 Server busy. Please try again later',
      'send',
      'DATA',
      { code: 'RATE_LIMITED', stage: 'send', transient: true },
    ],
    [
      '421 Too many concurrent SMTP connections from this IP address',
      'connect',
      undefined,
      { code: 'RATE_LIMITED', stage: 'connect', transient: true },
    ],
    [
      '454 4.7.0 Temporary authentication failure',
      'auth',
      'AUTH PLAIN',
      { code: 'SMTP_ERROR', stage: 'auth', transient: true, hint: /temporary problem/ },
    ],
    [
      '550 5.1.1 The email account that you tried to reach does not exist.',
      'envelope',
      'RCPT TO',
      { code: 'RECIPIENT_REJECTED', stage: 'envelope', transient: false },
    ],
    [
      '553 5.1.8 Sender address rejected: Domain not found',
      'envelope',
      'MAIL FROM',
      { code: 'SENDER_REJECTED', stage: 'envelope' },
    ],
    [
      '501 5.1.7 Bad sender address syntax',
      'envelope',
      'MAIL FROM',
      { code: 'SENDER_REJECTED', stage: 'envelope' },
    ],
    [
      '501 5.1.3 Bad recipient address syntax',
      'envelope',
      'RCPT TO',
      { code: 'RECIPIENT_REJECTED', stage: 'envelope' },
    ],
    ['550 5.1.1 User unknown', 'envelope', undefined, { code: 'RECIPIENT_REJECTED', stage: 'envelope' }],
    [
      '550 5.1.8 Sender domain unresolvable',
      'envelope',
      undefined,
      { code: 'SENDER_REJECTED', stage: 'envelope' },
    ],
    [
      '552 5.3.4 Message size exceeds fixed maximum message size',
      'send',
      'DATA',
      { code: 'MESSAGE_REJECTED', stage: 'send' },
    ],
    ['554 5.7.1 Message rejected as spam', 'send', 'DATA', { code: 'MESSAGE_REJECTED', stage: 'send' }],
    [
      '550 5.4.5 Daily user sending limit exceeded.',
      'send',
      'DATA',
      { code: 'RATE_LIMITED', stage: 'send', transient: false },
    ],
    [
      '454 4.7.0 TLS not available due to local problem',
      'tls',
      'STARTTLS',
      { code: 'TLS_FAILED', stage: 'tls', transient: true },
    ],
    [
      '500 5.5.2 Error: command not recognized',
      'tls',
      'STARTTLS',
      { code: 'STARTTLS_UNSUPPORTED', stage: 'tls', transient: false },
    ],
    ['502 5.5.1 Command not implemented', 'tls', 'STARTTLS', { code: 'STARTTLS_UNSUPPORTED', stage: 'tls' }],
    [
      '538 5.7.0 Error: Must issue a STARTTLS command first',
      'auth',
      'AUTH XOAUTH2',
      { code: 'TLS_WRONG_MODE', stage: 'auth', hint: /only over an encrypted connection/ },
    ],
    [
      '554 5.7.1 Your IP address is listed in a blocklist',
      'connect',
      undefined,
      { code: 'SMTP_ERROR', stage: 'connect' },
    ],
    ['502 5.5.1 Unrecognized command', 'ehlo', 'EHLO', { code: 'SMTP_ERROR', stage: 'ehlo' }],
  ];

  it.each(cases)('%s (at %s) → %j', (text, stage, command, expected) => {
    const reply = parseReply(text);
    expect(reply).toBeDefined();
    const failure = classifyReply(
      reply as NonNullable<typeof reply>,
      stage,
      command === undefined ? {} : { command },
    );
    expectFailure(failure, expected);
    const firstLine = text.split('\n')[0] ?? '';
    expect(failure.serverReply?.startsWith(firstLine.replace(/^(\d{3})-/, '$1 '))).toBe(true);
  });

  it('reads an XOAUTH2 error challenge into the failure and gives the token hint', () => {
    const failure = classifyReply(
      { code: 535, enhanced: '5.7.8', text: 'Username and Password not accepted' },
      'auth',
      {
        command: 'AUTH XOAUTH2',
        oauthChallenge,
      },
    );
    expectFailure(failure, { code: 'AUTH_FAILED', stage: 'auth', hint: /access token/ });
    expect(failure.serverReply).toContain('"status":"401"');
  });

  it.each([
    ['535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]'],
    [
      '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.',
    ],
    ['535 5.7.8 Error: authentication failed'],
  ])("gives a refused login with the app's own token the SMTP.SendAsApp fix: %s", (text) => {
    const reply = parseReply(text);
    if (!reply) throw new Error('no reply');
    const failure = classifyReply(reply, 'auth', {
      command: 'AUTH XOAUTH2',
      appMailbox: 'notify@contoso.com',
    });
    expect(failure.toTestFailure()).toMatchObject({
      code: 'AUTH_FAILED',
      stage: 'auth',
      hintKey: 'hint.smtpSendAsApp',
      params: { mailbox: 'notify@contoso.com' },
    });
    expect(failure.hint).toContain('SMTP.SendAsApp');
    expect(failure.hint).toContain('notify@contoso.com');
    // A signed-in account's token keeps the fixes of delegated sign-in.
    const delegated = classifyReply(reply, 'auth', { command: 'AUTH XOAUTH2' });
    expect(delegated.hintKey).not.toBe('hint.smtpSendAsApp');
  });

  it("keeps Microsoft's own reason for an app's refused login: authenticated SMTP turned off", () => {
    const failure = classifyReply(
      {
        code: 535,
        enhanced: '5.7.139',
        text: 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
      },
      'auth',
      { command: 'AUTH XOAUTH2', appMailbox: 'notify@contoso.com' },
    );
    expect(failure).toMatchObject({ code: 'SMTP_AUTH_DISABLED', hintKey: 'hint.authenticatedSmtpOff' });
  });

  it('gives a 530 the hint of the situation when one is known', () => {
    const reply = { code: 530, enhanced: '5.7.0', text: 'Error: authentication Required' };
    const failure = classifyReply(reply, 'envelope', {
      command: 'MAIL FROM',
      authRequiredHint: 'hint.loginNotOnThisPort',
      port: 2525,
    });
    expectFailure(failure, {
      code: 'AUTH_REQUIRED',
      stage: 'envelope',
      hint: 'The server wants a login but offers none on port 2525: use its submission port (usually 587 with STARTTLS, or 465 with SSL/TLS).',
    });
    expect(failure.toTestFailure()).toMatchObject({
      messageKey: 'failure.authRequired',
      hintKey: 'hint.loginNotOnThisPort',
      params: { port: 2525 },
    });
  });

  it('treats the 334 error challenge itself as a refused token', () => {
    const failure = classifyReply({ code: 334, text: oauthChallenge }, 'auth');
    expectFailure(failure, { code: 'AUTH_FAILED', stage: 'auth', hint: /access token/ });
  });

  it('cuts a long reply to 500 characters on one line', () => {
    const failure = classifyReply(
      { code: 550, text: `${'x'.repeat(400)}\r\n\u0007${'y'.repeat(400)}` },
      'connect',
    );
    expect(failure.serverReply).toHaveLength(500);
    expect([...(failure.serverReply ?? '')].every((character) => character >= ' ')).toBe(true);
  });
});
