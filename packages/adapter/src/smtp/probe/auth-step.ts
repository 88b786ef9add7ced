import { createHmac } from 'node:crypto';
import type { ServerTextKey } from '@smtp-settings/schema';
import { notice } from '../../failures/server-text.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { classifyReply } from '../classify-reply.js';
import { classifyTokenError } from '../classify-token.js';
import { type AuthChoice, appLoginMailbox, authMechanismFor } from '../connection.js';
import { cleanServerText, type SmtpReply } from '../smtp-reply.js';
import type { Capabilities } from './capabilities.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import type { SmtpDialog } from './smtp-dialog.js';
import type { ProbeAuth } from './types.js';
import { unlessAborted } from './wait-for.js';

/** How the `auth` step went, for the steps after it. */
export interface Login {
  /** How it logged in for the test message, e.g. `user@example.com with PLAIN`, or `none`. */
  description: string;
  /** A fix for a later 530: set when a login was configured but the server offered none to use. */
  authRequiredHint?: ServerTextKey;
}

/**
 * The `auth` step: logs in exactly as the mailer (nodemailer) would, with the mechanism
 * {@link authMechanismFor} picks — PLAIN, LOGIN or CRAM-MD5 for a password, XOAUTH2 for a token — or,
 * when the server offers no AUTH at all, goes on without a login (as nodemailer does) and warns, so the
 * server's answer to MAIL FROM decides. A mechanism the server did not list is asked for without
 * credentials first, and they follow only if the server takes it. Every line carrying a credential is
 * registered with the dialog as a secret, and no command line ever reaches a message.
 */
export async function authStep(
  context: ProbeContext,
  dialog: SmtpDialog,
  capabilities: Capabilities,
  encrypted: boolean,
): Promise<StepOutcome<Login>> {
  const { auth } = context.target;
  if (!auth) return { value: { description: 'none' }, detail: { key: 'detail.noUser' } };
  const choice = authMechanismFor(auth, { offered: capabilities.authOffered, mechanisms: capabilities.auth });
  if (!choice) {
    context.warnings.push(notice('warning.noLogin'));
    return {
      value: {
        description: 'none (the server offers no login)',
        authRequiredHint: encrypted ? 'hint.loginNotOnThisPort' : 'hint.loginOnlyEncrypted',
      },
      detail: { key: 'detail.noLogin' },
    };
  }
  try {
    await logIn(context, dialog, auth, choice);
  } catch (error) {
    throw choice.listed ? error : unlistedRefused(error, auth, capabilities.auth);
  }
  const user = cleanServerText(auth.user, 200);
  return {
    value: { description: `${user} with ${choice.mechanism}` },
    detail: { key: 'detail.loggedIn', params: { user, mechanism: choice.mechanism } },
  };
}

async function logIn(
  context: ProbeContext,
  dialog: SmtpDialog,
  auth: ProbeAuth,
  { mechanism, listed }: AuthChoice,
): Promise<void> {
  const timeoutMs = context.timeouts.command;
  if (auth.method === 'xoauth2') return loginXoauth2(context, dialog, auth, listed);
  if (mechanism === 'LOGIN') return loginLogin(dialog, auth.user, auth.pass, timeoutMs);
  if (mechanism === 'CRAM-MD5') return loginCramMd5(dialog, auth.user, auth.pass, timeoutMs);
  return loginPlain(dialog, auth.user, auth.pass, listed, timeoutMs);
}

/** A refused mechanism the server never listed, said in the admin's terms: which login it does offer. */
function unlistedRefused(error: unknown, auth: ProbeAuth, offered: readonly string[]): unknown {
  if (!(error instanceof SmtpFailure) || error.code !== 'AUTH_MECH_UNSUPPORTED') return error;
  const listed = offered.length > 0;
  const details = {
    stage: 'auth' as const,
    cause: error,
    params: { offered: offered.join(', ') },
    ...(error.serverReply !== undefined && { serverReply: error.serverReply }),
  };
  if (auth.method === 'xoauth2') {
    const key = listed ? 'failure.noOauth' : 'failure.noOauthNoList';
    return new SmtpFailure('AUTH_MECH_UNSUPPORTED', key, { ...details, hint: 'hint.noOauth' });
  }
  return new SmtpFailure(
    'AUTH_MECH_UNSUPPORTED',
    listed ? 'failure.noPasswordLogin' : 'failure.noPasswordLoginNoList',
    { ...details, ...(offered.includes('XOAUTH2') && { hint: 'hint.onlyOauth' as const }) },
  );
}

async function loginPlain(
  dialog: SmtpDialog,
  user: string,
  pass: string,
  listed: boolean,
  timeoutMs: number,
): Promise<void> {
  const payload = base64(`\0${user}\0${pass}`);
  dialog.addSecret(pass, payload);
  // Unlisted, the credentials wait for the server's go-ahead instead of riding along with the command.
  let reply = await dialog.command(listed ? `AUTH PLAIN ${payload}` : 'AUTH PLAIN', 'AUTH PLAIN', timeoutMs);
  // A server that does not take the credentials with the command asks for them with an empty challenge.
  if (reply.code === 334) reply = await dialog.command(payload, 'AUTH PLAIN', timeoutMs);
  expectSuccess(reply, 'AUTH PLAIN');
}

async function loginLogin(dialog: SmtpDialog, user: string, pass: string, timeoutMs: number): Promise<void> {
  const encoded = base64(pass);
  dialog.addSecret(pass, encoded);
  const start = await dialog.command('AUTH LOGIN', 'AUTH LOGIN', timeoutMs);
  if (start.code !== 334) throw classifyReply(start, 'auth', { command: 'AUTH LOGIN' });
  const afterUser = await dialog.command(base64(user), 'AUTH LOGIN', timeoutMs);
  if (afterUser.code !== 334) throw classifyReply(afterUser, 'auth', { command: 'AUTH LOGIN' });
  expectSuccess(await dialog.command(encoded, 'AUTH LOGIN', timeoutMs), 'AUTH LOGIN');
}

/** CRAM-MD5 (RFC 2195) as nodemailer answers it: the user and the HMAC-MD5 of the challenge; the password never travels. */
async function loginCramMd5(
  dialog: SmtpDialog,
  user: string,
  pass: string,
  timeoutMs: number,
): Promise<void> {
  dialog.addSecret(pass);
  const challenge = await dialog.command('AUTH CRAM-MD5', 'AUTH CRAM-MD5', timeoutMs);
  if (challenge.code !== 334) throw classifyReply(challenge, 'auth', { command: 'AUTH CRAM-MD5' });
  const digest = createHmac('md5', pass)
    .update(Buffer.from(challenge.text.trim(), 'base64').toString('ascii'))
    .digest('hex');
  const response = base64(`${user} ${digest}`);
  dialog.addSecret(response);
  expectSuccess(await dialog.command(response, 'AUTH CRAM-MD5', timeoutMs), 'AUTH CRAM-MD5');
}

async function loginXoauth2(
  context: ProbeContext,
  dialog: SmtpDialog,
  auth: Extract<ProbeAuth, { method: 'xoauth2' }>,
  listed: boolean,
): Promise<void> {
  const timeoutMs = context.timeouts.command;
  // The token comes first, as for the mailer, which mints it before it connects.
  let token: string;
  try {
    token = (await unlessAborted(auth.accessToken(), context.signal)).accessToken;
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw classifyTokenError(error);
  }
  const payload = base64(`user=${auth.user}\x01auth=Bearer ${token}\x01\x01`);
  dialog.addSecret(token, payload);
  const command = 'AUTH XOAUTH2';
  const classify = { command, appMailbox: appLoginMailbox(auth) };
  let reply: SmtpReply;
  if (listed) {
    reply = await dialog.command(`AUTH XOAUTH2 ${payload}`, command, timeoutMs);
  } else {
    const start = await dialog.command(command, command, timeoutMs);
    if (start.code !== 334) throw classifyReply(start, 'auth', classify);
    reply = await dialog.command(payload, command, timeoutMs);
  }
  if (reply.code === 334) {
    // The 334 carries the error as base64 JSON; the empty line ends the exchange so the final reply follows.
    const final = await dialog.command('', command, timeoutMs);
    throw classifyReply(final, 'auth', { ...classify, oauthChallenge: reply.text });
  }
  if (reply.code !== 235) throw classifyReply(reply, 'auth', classify);
}

function expectSuccess(reply: SmtpReply, command: string): void {
  if (reply.code !== 235) throw classifyReply(reply, 'auth', { command });
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
