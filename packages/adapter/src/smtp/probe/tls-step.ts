import type { Socket } from 'node:net';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { classifyError } from '../classify-error.js';
import { classifyReply } from '../classify-reply.js';
import { describeCapabilities } from './capabilities.js';
import { checkCertificate, describeTls } from './certificate.js';
import { sayEhlo } from './ehlo.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import { SmtpDialog } from './smtp-dialog.js';
import { handshakeTls } from './transport.js';

/**
 * The `tls` step for implicit TLS: the handshake on the fresh TCP socket and the certificate check;
 * the conversation (greeting first) then runs over the TLS socket.
 */
export async function implicitTlsStep(
  context: ProbeContext,
  host: string,
  socket: Socket,
): Promise<StepOutcome<SmtpDialog>> {
  const { secureContext, timeouts, jar, signal, target, warnings } = context;
  const secure = await handshakeTls(
    socket,
    { host, secureContext, timeoutMs: timeouts.greeting },
    jar,
    signal,
  );
  checkCertificate(secure, host, target.allowInvalidCertificate === true, warnings);
  return { value: new SmtpDialog(secure, signal), detail: describeTls(secure, false) };
}

/**
 * The `tls` step for STARTTLS: a first EHLO (its failures, including a missing STARTTLS, belong to
 * the `ehlo` stage), STARTTLS, the handshake and the certificate check.
 */
export async function startTlsStep(
  context: ProbeContext,
  host: string,
  dialog: SmtpDialog,
  ehloName: string,
): Promise<StepOutcome<SmtpDialog>> {
  const { secureContext, timeouts, jar, signal, target, warnings } = context;
  try {
    const capabilities = await sayEhlo(dialog, ehloName, timeouts.command);
    const offered = describeCapabilities(capabilities);
    if (!capabilities.startTls) {
      throw new SmtpFailure('STARTTLS_UNSUPPORTED', 'failure.startTlsNotOffered', {
        stage: 'ehlo',
        params: { offered },
      });
    }
  } catch (error) {
    throw classifyError(error, 'ehlo', { command: 'EHLO' });
  }
  const reply = await dialog.command('STARTTLS', 'STARTTLS', timeouts.command);
  if (reply.code !== 220) throw classifyReply(reply, 'tls', { command: 'STARTTLS' });
  const secure = await dialog.startTls((raw) =>
    handshakeTls(raw, { host, secureContext, timeoutMs: timeouts.command }, jar, signal),
  );
  checkCertificate(secure, host, target.allowInvalidCertificate === true, warnings);
  return { value: dialog, detail: describeTls(secure, true) };
}
