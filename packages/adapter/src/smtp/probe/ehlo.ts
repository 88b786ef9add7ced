import { classifyReply } from '../classify-reply.js';
import { type Capabilities, parseCapabilities } from './capabilities.js';
import type { SmtpDialog } from './smtp-dialog.js';

/**
 * Introduces us with EHLO and returns what the server offers; a server that does not know EHLO gets
 * HELO and is taken to offer nothing but a login by unknown methods, as nodemailer takes it.
 */
export async function sayEhlo(dialog: SmtpDialog, name: string, timeoutMs: number): Promise<Capabilities> {
  const reply = await dialog.command(`EHLO ${name}`, 'EHLO', timeoutMs);
  if (reply.code === 250) return parseCapabilities(reply);
  if (reply.code !== 500 && reply.code !== 502) throw classifyReply(reply, 'ehlo', { command: 'EHLO' });
  const helo = await dialog.command(`HELO ${name}`, 'HELO', timeoutMs);
  if (helo.code !== 250) throw classifyReply(helo, 'ehlo', { command: 'HELO' });
  // nodemailer tries a login with a server that knows only HELO, so the test must try one too.
  return { ...parseCapabilities({ ...helo, text: '' }), authOffered: true };
}
