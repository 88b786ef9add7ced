import { SmtpFailure } from '../../failures/smtp-failure.js';
import { classifyReply } from '../classify-reply.js';
import { classifyTokenError } from '../classify-token.js';
import { cleanServerText, type SmtpReply } from '../smtp-reply.js';
import type { Capabilities } from './capabilities.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import type { SmtpDialog } from './smtp-dialog.js';
import type { ProbeAuth } from './types.js';
import { unlessAborted } from './wait-for.js';

const NO_AUTH_OFFERED_PLAIN =
  'The server offers a login only over an encrypted connection, if at all: choose STARTTLS (port 587) or SSL/TLS (port 465).';
const NO_AUTH_OFFERED_SECURE =
  'The server offers no login on this port: leave the user name empty if it relays without one, or use the submission port 587.';

/**
 * The `auth` step: logs in with PLAIN (preferred) or LOGIN for a password, XOAUTH2 for a token, or
 * does nothing when no login is configured; its value says how it logged in, for the test message. Every line carrying a credential is registered with the
 * dialog as a secret, and no command line ever reaches a message.
 */
export async function authStep(
  context: ProbeContext,
  dialog: SmtpDialog,
  capabilities: Capabilities,
  encrypted: boolean,
): Promise<StepOutcome<string>> {
  const { auth } = context.target;
  if (!auth) return { value: 'none', detail: 'No user name: sending without authentication' };
  if (capabilities.auth.length === 0) {
    throw new SmtpFailure('AUTH_MECH_UNSUPPORTED', 'The server offers no login on this connection.', {
      stage: 'auth',
      hint: encrypted ? NO_AUTH_OFFERED_SECURE : NO_AUTH_OFFERED_PLAIN,
    });
  }
  const mechanism = pickMechanism(auth, capabilities.auth);
  const timeoutMs = context.timeouts.command;
  if (auth.method === 'xoauth2') {
    await loginXoauth2(context, dialog, auth, timeoutMs);
  } else if (mechanism === 'PLAIN') {
    await loginPlain(dialog, auth.user, auth.pass, timeoutMs);
  } else {
    await loginLogin(dialog, auth.user, auth.pass, timeoutMs);
  }
  const login = `${cleanServerText(auth.user, 200)} with ${mechanism}`;
  return { value: login, detail: `Logged in as ${login}` };
}

function pickMechanism(auth: ProbeAuth, offered: string[]): 'PLAIN' | 'LOGIN' | 'XOAUTH2' {
  const list = offered.join(', ');
  if (auth.method === 'xoauth2') {
    if (offered.includes('XOAUTH2')) return 'XOAUTH2';
    throw new SmtpFailure(
      'AUTH_MECH_UNSUPPORTED',
      `The server does not accept OAuth tokens (XOAUTH2); it offers ${list}.`,
      {
        stage: 'auth',
        hint: 'This server does not accept OAuth here: choose password authentication, or check the host and port.',
      },
    );
  }
  if (offered.includes('PLAIN')) return 'PLAIN';
  if (offered.includes('LOGIN')) return 'LOGIN';
  throw new SmtpFailure(
    'AUTH_MECH_UNSUPPORTED',
    `The server offers no password login (PLAIN or LOGIN); it offers ${list}.`,
    {
      stage: 'auth',
      ...(offered.includes('XOAUTH2') && {
        hint: 'The server accepts only OAuth here: choose OAuth (Google or Microsoft) as the authentication type.',
      }),
    },
  );
}

async function loginPlain(dialog: SmtpDialog, user: string, pass: string, timeoutMs: number): Promise<void> {
  const payload = base64(`\0${user}\0${pass}`);
  dialog.addSecret(pass, payload);
  let reply = await dialog.command(`AUTH PLAIN ${payload}`, 'answer AUTH PLAIN', timeoutMs);
  // A server that does not take the credentials with the command asks for them with an empty challenge.
  if (reply.code === 334) reply = await dialog.command(payload, 'answer AUTH PLAIN', timeoutMs);
  expectSuccess(reply, 'AUTH PLAIN');
}

async function loginLogin(dialog: SmtpDialog, user: string, pass: string, timeoutMs: number): Promise<void> {
  const encoded = base64(pass);
  dialog.addSecret(pass, encoded);
  const start = await dialog.command('AUTH LOGIN', 'answer AUTH LOGIN', timeoutMs);
  if (start.code !== 334) throw classifyReply(start, 'auth', { command: 'AUTH LOGIN' });
  const afterUser = await dialog.command(base64(user), 'answer AUTH LOGIN', timeoutMs);
  if (afterUser.code !== 334) throw classifyReply(afterUser, 'auth', { command: 'AUTH LOGIN' });
  expectSuccess(await dialog.command(encoded, 'answer AUTH LOGIN', timeoutMs), 'AUTH LOGIN');
}

async function loginXoauth2(
  context: ProbeContext,
  dialog: SmtpDialog,
  auth: Extract<ProbeAuth, { method: 'xoauth2' }>,
  timeoutMs: number,
): Promise<void> {
  let token: string;
  try {
    token = await unlessAborted(auth.accessToken(), context.signal);
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw classifyTokenError(error);
  }
  const payload = base64(`user=${auth.user}\x01auth=Bearer ${token}\x01\x01`);
  dialog.addSecret(token, payload);
  const reply = await dialog.command(`AUTH XOAUTH2 ${payload}`, 'answer AUTH XOAUTH2', timeoutMs);
  if (reply.code === 334) {
    // The 334 carries the error as base64 JSON; the empty line ends the exchange so the final reply follows.
    const final = await dialog.command('', 'answer AUTH XOAUTH2', timeoutMs);
    throw classifyReply(final, 'auth', { command: 'AUTH XOAUTH2', oauthChallenge: reply.text });
  }
  expectSuccess(reply, 'AUTH XOAUTH2');
}

function expectSuccess(reply: SmtpReply, command: string): void {
  if (reply.code !== 235) throw classifyReply(reply, 'auth', { command });
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
