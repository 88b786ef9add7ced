import type { ServerTextKey } from '@smtp-settings/schema';
import { classifyReply } from '../classify-reply.js';
import type { Capabilities } from './capabilities.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import type { SmtpDialog } from './smtp-dialog.js';

/**
 * The `envelope` step: MAIL FROM and RCPT TO (to `sendTo`, else back to the sender), then RSET
 * unless a message follows, so the check never leaves a half-open transaction; a 530 gets
 * `authRequiredHint` when given (see `Login`).
 */
export async function envelopeStep(
  context: ProbeContext,
  dialog: SmtpDialog,
  capabilities: Capabilities,
  authRequiredHint?: ServerTextKey,
): Promise<StepOutcome<undefined>> {
  const { target, timeouts } = context;
  const from = target.fromEmail.trim();
  const to = (target.sendTo ?? target.fromEmail).trim();
  // An internationalized address needs SMTPUTF8 where offered; without it the server judges it.
  const utf8 = capabilities.smtpUtf8 && /[^\x20-\x7e]/.test(from + to) ? ' SMTPUTF8' : '';

  const mail = await dialog.command(`MAIL FROM:<${from}>${utf8}`, 'MAIL FROM', timeouts.command);
  if (mail.code !== 250) throw classifyReply(mail, 'envelope', { command: 'MAIL FROM', authRequiredHint });
  const rcpt = await dialog.command(`RCPT TO:<${to}>`, 'RCPT TO', timeouts.command);
  if (rcpt.code !== 250 && rcpt.code !== 251) {
    throw classifyReply(rcpt, 'envelope', { command: 'RCPT TO', authRequiredHint });
  }
  if (target.sendTo === undefined) {
    const reset = await dialog.command('RSET', 'RSET', timeouts.command);
    if (reset.code !== 250) throw classifyReply(reset, 'envelope', { command: 'RSET' });
  }
  return { value: undefined, detail: { key: 'detail.envelope', params: { from, to } } };
}
