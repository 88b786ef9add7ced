import type { TestStageName } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { type ExpectedFailure, expectFailure } from '../../test/expect-failure.js';
import { englishText } from '../failures/server-text.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyError } from './classify-error.js';
import { ProbeError } from './probe/probe-error.js';

describe('classifyError', () => {
  const nodeError = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${code} happened`), { code, ...extra });

  const cases: Array<[name: string, error: unknown, stage: TestStageName, expected: ExpectedFailure]> = [
    [
      'ENOTFOUND',
      nodeError('ENOTFOUND', { hostname: 'nonexistent.invalid' }),
      'dns',
      { code: 'DNS_NOT_FOUND', stage: 'dns' },
    ],
    ['EAI_AGAIN', nodeError('EAI_AGAIN'), 'dns', { code: 'DNS_NOT_FOUND', stage: 'dns', transient: true }],
    [
      'ECONNREFUSED',
      nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 1 }),
      'connect',
      { code: 'CONNECTION_REFUSED', stage: 'connect' },
    ],
    [
      'EHOSTUNREACH',
      nodeError('EHOSTUNREACH'),
      'connect',
      { code: 'CONNECTION_REFUSED', stage: 'connect', transient: true },
    ],
    [
      'ECONNRESET',
      nodeError('ECONNRESET'),
      'auth',
      { code: 'CONNECTION_LOST', stage: 'auth', transient: true },
    ],
    ['EPIPE', nodeError('EPIPE'), 'send', { code: 'CONNECTION_LOST', stage: 'send', transient: true }],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'connect', { code: 'TIMEOUT', stage: 'connect', transient: true }],
    [
      'TimeoutError',
      new DOMException('The operation timed out.', 'TimeoutError'),
      'ehlo',
      { code: 'TIMEOUT', stage: 'ehlo' },
    ],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      nodeError('ERR_SSL_WRONG_VERSION_NUMBER'),
      'tls',
      { code: 'TLS_WRONG_MODE', stage: 'tls', hint: /choose STARTTLS/ },
    ],
    [
      'packet length too long',
      new Error('error:0A0000C6:SSL routines::packet length too long'),
      'tls',
      { code: 'TLS_WRONG_MODE', stage: 'tls', hint: /choose STARTTLS/ },
    ],
    [
      'a silent port that answers TLS',
      new ProbeError('ETLSEXPECTED', 'failure.tlsSilentPort'),
      'connect',
      { code: 'TLS_WRONG_MODE', stage: 'connect', hint: /choose SSL\/TLS/ },
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      nodeError('SELF_SIGNED_CERT_IN_CHAIN'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'CERT_HAS_EXPIRED',
      nodeError('CERT_HAS_EXPIRED'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls', hint: /renew/ },
    ],
    [
      'an unlisted verification error',
      nodeError('CERT_CHAIN_TOO_LONG'),
      'tls',
      { code: 'TLS_CERT_INVALID', stage: 'tls', hint: englishText('hint.TLS_CERT_INVALID') },
    ],
    [
      'another TLS error',
      nodeError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'),
      'tls',
      { code: 'TLS_FAILED', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET for a TLS alert',
      nodeError('ESOCKET', { originalCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', command: 'CONN' }),
      'send',
      { code: 'TLS_FAILED', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET for a connect timeout',
      nodeError('ESOCKET', { originalCode: 'ETIMEDOUT', command: 'CONN' }),
      'connect',
      { code: 'TIMEOUT', stage: 'connect', transient: true },
    ],
    [
      'nodemailer EAUTH while sending',
      Object.assign(new Error('Invalid login: 535 5.7.8 Authentication credentials invalid'), {
        code: 'EAUTH',
        response: '535 5.7.8 Authentication credentials invalid',
        responseCode: 535,
        command: 'AUTH PLAIN',
      }),
      'send',
      { code: 'AUTH_FAILED', stage: 'auth' },
    ],
    [
      'nodemailer ESOCKET for a refused port',
      nodeError('ESOCKET', {
        originalCode: 'ECONNREFUSED',
        command: 'CONN',
        address: '127.0.0.1',
        port: 1,
      }),
      'send',
      { code: 'CONNECTION_REFUSED', stage: 'connect' },
    ],
    [
      'nodemailer greeting timeout',
      Object.assign(new Error('Greeting never received'), {
        code: 'ETIMEDOUT',
        timeoutType: 'GREETING_TIMEOUT',
        command: 'CONN',
      }),
      'send',
      { code: 'TIMEOUT', stage: 'connect', transient: true },
    ],
    [
      'nodemailer ECONNECTION',
      Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' }),
      'send',
      { code: 'CONNECTION_LOST', stage: 'send', transient: true },
    ],
    [
      'nodemailer ESOCKET wrong version number',
      Object.assign(new Error('C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), {
        code: 'ESOCKET',
        originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
        command: 'CONN',
      }),
      'send',
      { code: 'TLS_WRONG_MODE', stage: 'tls' },
    ],
    [
      'nodemailer ESOCKET untrusted certificate',
      Object.assign(new Error('self-signed certificate'), { code: 'ESOCKET', command: 'CONN' }),
      'send',
      { code: 'TLS_CERT_INVALID', stage: 'tls' },
    ],
    [
      'nodemailer EDNS',
      nodeError('EDNS', { originalCode: 'ENOTFOUND', hostname: 'nonexistent.invalid', command: 'CONN' }),
      'send',
      { code: 'DNS_NOT_FOUND', stage: 'dns' },
    ],
    [
      'nodemailer EENVELOPE at RCPT TO',
      nodeError('EENVELOPE', {
        response: '550 5.1.1 <nobody@example.com>: Recipient address rejected',
        command: 'RCPT TO',
      }),
      'send',
      { code: 'RECIPIENT_REJECTED', stage: 'envelope' },
    ],
    [
      'nodemailer SendAsDenied after DATA',
      nodeError('EMESSAGE', {
        response: '554 5.2.252 SendAsDenied; not allowed to send as boss@contoso.com',
        command: 'DATA',
      }),
      'send',
      { code: 'SENDER_REJECTED', stage: 'send', hint: /"Send As"/ },
    ],
    [
      'nodemailer EMESSAGE too large',
      nodeError('EMESSAGE', {
        response: '552 5.3.4 Message size exceeds fixed maximum message size',
        command: 'DATA',
      }),
      'send',
      { code: 'MESSAGE_REJECTED', stage: 'send' },
    ],
    [
      'nodemailer ETLS for a refused STARTTLS',
      nodeError('ETLS', {
        response: '454 4.7.0 TLS not available due to local problem',
        command: 'STARTTLS',
      }),
      'send',
      { code: 'TLS_FAILED', stage: 'tls', transient: true },
    ],
    [
      'nodemailer EPROTOCOL',
      nodeError('EPROTOCOL', { response: 'HTTP/1.1 400 Bad Request', command: 'CONN' }),
      'connect',
      { code: 'SMTP_ERROR', stage: 'connect' },
    ],
    [
      "the probe's garbage reply",
      new ProbeError('EPROTOCOL', 'failure.notSmtpReply', {}, 'HTTP/1.1 400 Bad Request'),
      'connect',
      { code: 'SMTP_ERROR', stage: 'connect' },
    ],
    ['a thrown string', 'boom', 'ehlo', { code: 'SMTP_ERROR', stage: 'ehlo' }],
  ];

  it.each(cases)('%s → %j', (_name, error, stage, expected) => {
    expectFailure(classifyError(error, stage), expected);
  });

  it("names the certificate's host names on a mismatch", () => {
    const error = nodeError('ERR_TLS_CERT_ALTNAME_INVALID', {
      host: 'mail.example.com',
      cert: { subjectaltname: 'DNS:*.other.net' },
    });
    const failure = classifyError(error, 'tls');
    expect(failure.code).toBe('TLS_CERT_INVALID');
    expect(failure.message).toBe(
      'The server certificate is valid for DNS:*.other.net, not for "mail.example.com".',
    );
  });

  it('keeps the server reply of a protocol error', () => {
    const failure = classifyError(
      new ProbeError('EPROTOCOL', 'failure.notSmtpReply', {}, 'HTTP/1.1 400 Bad Request'),
      'connect',
    );
    expect(failure.serverReply).toBe('HTTP/1.1 400 Bad Request');
  });

  it('returns an SmtpFailure unchanged', () => {
    const failure = new SmtpFailure('TOKEN_REVOKED', 'failure.noAccessToken', { stage: 'auth' });
    expect(classifyError(failure, 'send')).toBe(failure);
  });

  it('never puts a client command line into the failure', () => {
    const line = 'AUTH PLAIN AHVzZXJAZXhhbXBsZS5jb20AcGE1NS1Xb3JkIW5ldmVyLWVjaG8=';
    const failure = classifyError(
      Object.assign(new Error(`Invalid login: ${line}`), {
        code: 'EAUTH',
        command: line,
        response: '535 5.7.8 Bad credentials',
      }),
      'send',
    );
    expect(failure.code).toBe('AUTH_FAILED');
    expect(JSON.stringify({ ...failure.toTestFailure(), message: failure.message })).not.toContain('AHVzZXJ');
  });
});
