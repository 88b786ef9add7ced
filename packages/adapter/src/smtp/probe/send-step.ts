import { classifyReply } from '../classify-reply.js';
import { formatReply } from '../smtp-reply.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import type { SmtpDialog } from './smtp-dialog.js';
import { buildTestMessage, type TestMessageFacts, toDataSection } from './test-message.js';
import { unlessAborted } from './wait-for.js';

/** The `send` step: DATA with a real test message; the detail is the server's queue reply. */
export async function sendStep(
  context: ProbeContext,
  dialog: SmtpDialog,
  facts: TestMessageFacts,
): Promise<StepOutcome<undefined>> {
  const { timeouts, signal, target } = context;
  const message = await unlessAborted(buildTestMessage(target, facts), signal);
  const data = await dialog.command('DATA', 'DATA', timeouts.command);
  if (data.code !== 354) throw classifyReply(data, 'send', { command: 'DATA' });
  const queued = await dialog.sendData(toDataSection(message), 'message', timeouts.command);
  if (queued.code !== 250) throw classifyReply(queued, 'send', { command: 'DATA' });
  return { value: undefined, detail: { key: 'detail.sent', params: { reply: formatReply(queued) } } };
}
