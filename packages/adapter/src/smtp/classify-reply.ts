import type { ServerTextKey, SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { type ClassifyContext, realCommand } from './classify-context.js';
import { cleanServerText, formatReply, type SmtpReply } from './smtp-reply.js';

/**
 * Classifies an SMTP error reply into a stable {@link SmtpFailure} carrying the reply and, for the
 * replies admins actually hit (Microsoft 365, Gmail, XOAUTH2), a specific fix.
 *
 * @example
 * classifyReply({ code: 554, enhanced: '5.2.252', text: 'SendAsDenied; …' }, 'envelope', { command: 'MAIL FROM' });
 * // SmtpFailure { code: 'SENDER_REJECTED', hintKey: 'hint.sendAs', hint: 'Grant the signed-in account "Send As" …' }
 */
export function classifyReply(
  reply: SmtpReply,
  stage: TestStageName,
  context: ClassifyContext = {},
): SmtpFailure {
  return failureOfReply(reply, stage, context, undefined);
}

/** {@link classifyReply} of a reply that came inside an error, which stays the failure's `cause`. */
export function failureOfReply(
  reply: SmtpReply,
  stage: TestStageName,
  context: ClassifyContext,
  cause: unknown,
): SmtpFailure {
  const command = realCommand(context.command) ?? '';
  const { code, text } = reply;
  const enhanced = reply.enhanced ?? '';
  const transient = code >= 400 && code < 500;
  const oauthError = decodeOauthChallenge(context.oauthChallenge ?? (code === 334 ? text : undefined));
  const serverReply = cleanServerText(
    oauthError ? `${formatReply(reply)} (${oauthError})` : formatReply(reply),
  );
  const isAuth = stage === 'auth' || command.startsWith('AUTH');
  const isOauth = command === 'AUTH XOAUTH2' || oauthError !== undefined;
  const appMailbox = isAuth && isOauth ? context.appMailbox : undefined;
  const fail = (
    smtpCode: SmtpErrorCode,
    message: ServerTextKey,
    hint?: ServerTextKey,
    params?: Record<string, string | number>,
  ) =>
    new SmtpFailure(smtpCode, message, {
      stage,
      params: { ...portParam(context), ...params },
      serverReply,
      transient,
      cause,
      ...(hint !== undefined && { hint }),
    });

  const microsoftHint = microsoftAuthBlock(reply, isAuth, isOauth, appMailbox !== undefined);
  if (microsoftHint) {
    return fail('SMTP_AUTH_DISABLED', 'failure.authDisabled', microsoftHint);
  }
  if (enhanced === '5.2.252' || enhanced === '5.7.60' || /SendAsDenied|permissions? to send as/i.test(text)) {
    return fail('SENDER_REJECTED', 'failure.sendAsDenied', 'hint.sendAs');
  }
  if (isAuth && (code === 504 || code === 502 || /mechanism|unrecognized authentication type/i.test(text))) {
    return command
      ? fail('AUTH_MECH_UNSUPPORTED', 'failure.mechanismUnsupported', undefined, { command })
      : fail('AUTH_MECH_UNSUPPORTED', 'failure.loginMethodUnsupportedHere');
  }
  // Before the token: a refusal to log in over plain text says nothing about the token or password.
  if (code === 538 || ((code === 530 || code === 554) && /STARTTLS|\bTLS\b|encrypt/i.test(text))) {
    return fail('TLS_WRONG_MODE', 'failure.encryptFirst', 'hint.encryptFirst');
  }
  if (isAuth && isOauth && (code === 334 || code >= 500)) {
    // The app's own token has no account to sign in again with: what it lacks is the app's permission.
    return appMailbox === undefined
      ? fail('AUTH_FAILED', 'failure.oauthTokenRefused', 'hint.oauthToken')
      : fail('AUTH_FAILED', 'failure.oauthTokenRefused', 'hint.smtpSendAsApp', { mailbox: appMailbox });
  }
  if (
    (code === 534 && (enhanced === '5.7.9' || enhanced === '5.7.14')) ||
    /application-specific password/i.test(text)
  ) {
    return fail('AUTH_FAILED', 'failure.googlePassword', 'hint.googleAppPassword');
  }
  if (/username and password not accepted/i.test(text)) {
    return fail('AUTH_FAILED', 'failure.credentialsRefused', 'hint.googleCredentials');
  }
  if (
    code === 530 ||
    enhanced === '5.7.57' ||
    (!isAuth && /authentication (is )?required|not authenticated/i.test(text))
  ) {
    return fail('AUTH_REQUIRED', 'failure.authRequired', context.authRequiredHint);
  }
  if (isAuth && code === 534) return fail('AUTH_MECH_UNSUPPORTED', 'failure.mechanismWeak');
  if (command === 'STARTTLS') {
    // Not recognised or not implemented: STARTTLS is not offered here, as the Test finds from EHLO.
    return code === 500 || code === 502
      ? fail('STARTTLS_UNSUPPORTED', 'failure.startTlsUnsupported')
      : fail('TLS_FAILED', 'failure.startTlsRefused');
  }
  if (isRateLimit(reply)) return fail('RATE_LIMITED', 'failure.rateLimited');
  if (transient) return fail('SMTP_ERROR', 'failure.temporary', 'hint.temporary', { code });
  if (isAuth && code === 535) return fail('AUTH_FAILED', 'failure.credentialsRefused');

  const role = envelopeRole(command, stage, enhanced);
  if (role === 'sender' && [501, 550, 551, 553, 554, 555].includes(code)) {
    return fail('SENDER_REJECTED', 'failure.senderRefused');
  }
  if (role === 'recipient' && [501, 550, 551, 552, 553, 554].includes(code)) {
    return fail('RECIPIENT_REJECTED', 'failure.recipientRefused');
  }
  if ((command === 'DATA' || stage === 'send') && (code === 550 || code === 552 || code === 554)) {
    return fail('MESSAGE_REJECTED', 'failure.messageRefused');
  }
  if (command) {
    const key = code >= 400 ? 'failure.commandRefused' : 'failure.commandUnexpected';
    return fail('SMTP_ERROR', key, undefined, { command, code });
  }
  return fail('SMTP_ERROR', code >= 400 ? 'failure.stepRefused' : 'failure.stepUnexpected', undefined, {
    code,
  });
}

/** The port under test, for hints that name it; none when the caller did not say. */
export function portParam({ port }: ClassifyContext): { port?: number } {
  return port === undefined ? {} : { port };
}

function microsoftAuthBlock(
  { code, enhanced, text }: SmtpReply,
  isAuth: boolean,
  isOauth: boolean,
  appToken: boolean,
): ServerTextKey | undefined {
  if (/SmtpClientAuthentication is disabled/i.test(text)) return 'hint.authenticatedSmtpOff';
  if (/basic authentication is disabled/i.test(text)) return 'hint.basicAuthOff';
  // Microsoft answers a service principal without SMTP.SendAsApp or mailbox access with these too.
  if (appToken) return undefined;
  if (enhanced === '5.7.139')
    return /did not meet the criteria/i.test(text) ? 'hint.securityDefaults' : 'hint.authenticatedSmtpOff';
  if (enhanced === '5.7.3' && code >= 500 && (isAuth || code === 535))
    return isOauth ? 'hint.microsoftOauth' : 'hint.authenticatedSmtp';
  return undefined;
}

function isRateLimit({ code, enhanced = '', text }: SmtpReply): boolean {
  if (code >= 400 && code < 500) {
    return (
      (code === 421 && enhanced === '4.7.0') ||
      ((code === 450 || code === 451) && enhanced.startsWith('4.7.')) ||
      /\brate\b|throttl|too many/i.test(text)
    );
  }
  return /sending (limit|quota)|rate.?limit|throttl/i.test(text);
}

function envelopeRole(
  command: string,
  stage: TestStageName,
  enhanced: string,
): 'sender' | 'recipient' | undefined {
  if (command === 'MAIL FROM') return 'sender';
  if (command === 'RCPT TO') return 'recipient';
  if (stage !== 'envelope' || command !== '') return undefined;
  // Without the command, RFC 3463 address subcodes still tell whose address was refused.
  const detail = /^[45]\.1\.(\d+)$/.exec(enhanced)?.[1];
  if (detail === '7' || detail === '8') return 'sender';
  if (detail !== undefined) return 'recipient';
  return undefined;
}

function decodeOauthChallenge(challenge: string | undefined): string | undefined {
  const payload = challenge?.trim();
  if (!payload || !/^[A-Za-z0-9+/]+=*$/.test(payload)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    return parsed !== null && typeof parsed === 'object'
      ? cleanServerText(JSON.stringify(parsed), 200)
      : undefined;
  } catch {
    return undefined;
  }
}
