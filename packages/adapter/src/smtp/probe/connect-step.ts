import type { Socket } from 'node:net';
import { classifyReply } from '../classify-reply.js';
import { formatReply } from '../smtp-reply.js';
import type { AllowedAddress, ResolvedHost } from './dns-step.js';
import type { ProbeContext, StepOutcome } from './probe-context.js';
import { ProbeError } from './probe-error.js';
import { SmtpDialog } from './smtp-dialog.js';
import { sniffTlsWhileSilent } from './tls-sniff.js';
import { connectTcp } from './transport.js';

// Failures that say only "not this address": another address of the same host may still work.
const TRY_NEXT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** The connection after the `connect` step. */
export interface Connection {
  /** The TCP socket. */
  socket: Socket;
  /** The address it is connected to. */
  address: string;
  /** The conversation, already greeted, unless the security is implicit TLS (it starts after the handshake). */
  dialog?: SmtpDialog;
}

/**
 * The `connect` step: a TCP connection to the first allowed address that accepts one and, unless the
 * security is implicit TLS, the server's 220 greeting. A port that stays silent but answers a TLS
 * handshake fails with `TLS_WRONG_MODE` rather than a bare timeout; both within the greeting timeout.
 */
export async function connectStep(
  context: ProbeContext,
  resolved: ResolvedHost,
): Promise<StepOutcome<Connection>> {
  const { target, timeouts, signal } = context;
  const { socket, address, family } = await connectFirst(context, resolved);
  const where = { address, port: target.port };
  if (target.security === 'tls') {
    return { value: { socket, address }, detail: { key: 'detail.connected', params: where } };
  }

  const dialog = new SmtpDialog(socket, signal);
  const sniff = sniffTlsWhileSilent(context, resolved.host, { address, family }, dialog);
  let greeting: Awaited<ReturnType<SmtpDialog['read']>>;
  try {
    greeting = await dialog.read('greeting', timeouts.greeting);
  } catch (error) {
    const silent =
      error instanceof ProbeError && error.code === 'ETIMEDOUT' && !dialog.receivedAny && !signal.aborted;
    if (silent && (await sniff.answer)) {
      throw new ProbeError('ETLSEXPECTED', 'failure.tlsSilentPort');
    }
    throw error;
  } finally {
    sniff.stop();
  }
  if (greeting.code !== 220) throw classifyReply(greeting, 'connect');
  return {
    value: { socket, address, dialog },
    detail: { key: 'detail.connectedGreeting', params: { ...where, reply: formatReply(greeting) } },
  };
}

async function connectFirst(
  context: ProbeContext,
  resolved: ResolvedHost,
): Promise<AllowedAddress & { socket: Socket }> {
  const { target, timeouts, jar, signal } = context;
  let lastError: unknown;
  for (const { address, family } of resolved.addresses) {
    try {
      const socket = await connectTcp(
        { address, family, port: target.port, timeoutMs: timeouts.connect },
        jar,
        signal,
      );
      return { socket, address, family };
    } catch (error) {
      lastError = error;
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !TRY_NEXT.has(code)) break;
    }
  }
  throw lastError;
}
