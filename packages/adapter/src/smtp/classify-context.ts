import type { ServerTextKey, TestStageName } from '@smtp-settings/schema';

/** What else is known about a failure than its stage. */
export interface ClassifyContext {
  /** The command the reply answered (`EHLO`, `STARTTLS`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA`…), never its arguments. */
  command?: string;
  /** The base64 error challenge (`334 …`) an XOAUTH2 server sent before its final reply. */
  oauthChallenge?: string;
  /** A fix for `AUTH_REQUIRED` that fits better than the code's default, e.g. when the server offered no login. */
  authRequiredHint?: ServerTextKey | undefined;
  /** The port in use, which hints about the connection security name. */
  port?: number | undefined;
  /** For a login with the app's own token (Application sign-in), the mailbox it is for: a refusal's fix is SMTP.SendAsApp. */
  appMailbox?: string | undefined;
}

/** The command's name only: a client command line may carry credentials and never reaches a message. */
export function realCommand(command: string | undefined): string | undefined {
  const name = /^(MAIL FROM|RCPT TO|AUTH [A-Z0-9-]+|[A-Z]+)\b/i
    .exec(command?.trim() ?? '')?.[1]
    ?.toUpperCase();
  return name === undefined || name === 'CONN' || name === 'API' ? undefined : name;
}

/** The step a command belongs to, e.g. `envelope` for `RCPT TO`. */
export function stageOfCommand(command: string): TestStageName | undefined {
  if (command.startsWith('AUTH')) return 'auth';
  if (command === 'MAIL FROM' || command === 'RCPT TO' || command === 'RSET') return 'envelope';
  if (command === 'DATA') return 'send';
  if (command === 'EHLO' || command === 'HELO' || command === 'LHLO') return 'ehlo';
  if (command === 'STARTTLS') return 'tls';
  return undefined;
}
