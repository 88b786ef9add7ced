import { setTimeout as sleep } from 'node:timers/promises';
import type { AllowedAddress } from './dns-step.js';
import type { ProbeContext } from './probe-context.js';
import type { SmtpDialog } from './smtp-dialog.js';
import { SocketJar } from './socket-jar.js';
import { answersTls, connectTcp } from './transport.js';

// The share of the greeting timeout, at its end, in which a silent port is asked about TLS (at most this long).
const MAX_SNIFF_MS = 2000;

/** The question whether a port that has not greeted speaks TLS instead, under way. */
export interface TlsSniff {
  /** Whether it answered a TLS handshake; settles by the end of the greeting timeout. */
  answer: Promise<boolean>;
  /** Gives up the question and closes its connection. */
  stop(): void;
}

/**
 * Starts asking, while the greeting is awaited on `dialog`, whether the port expects implicit TLS: if
 * the server has sent nothing by the last part of the greeting timeout (half of it, at most 2 s), a
 * second connection to the same address tries a TLS handshake, bounded by the end of that timeout.
 * So a port that stays silent is told apart from a TLS port within the greeting timeout, and the
 * conversation itself never receives a stray ClientHello, however late its server greets.
 *
 * @example
 * const sniff = sniffTlsWhileSilent(context, host, { address, family }, dialog);
 * try { await dialog.read('greeting', timeouts.greeting); } finally { sniff.stop(); }
 */
export function sniffTlsWhileSilent(
  context: ProbeContext,
  host: string,
  to: AllowedAddress,
  dialog: SmtpDialog,
): TlsSniff {
  const { target, timeouts, secureContext } = context;
  const deadline = performance.now() + timeouts.greeting;
  const remaining = () => Math.max(1, deadline - performance.now());
  const jar = new SocketJar();
  const stopper = new AbortController();
  const signal = AbortSignal.any([context.signal, stopper.signal]);

  const ask = async (): Promise<boolean> => {
    await sleep(timeouts.greeting - Math.min(MAX_SNIFF_MS, timeouts.greeting / 2), undefined, { signal });
    if (dialog.receivedAny) return false;
    const socket = await connectTcp({ ...to, port: target.port, timeoutMs: remaining() }, jar, signal);
    return answersTls(socket, { host, secureContext, timeoutMs: remaining() }, jar, signal);
  };
  return {
    // Stopped, refused or timed out: no sign of TLS.
    answer: ask().catch(() => false),
    stop() {
      stopper.abort();
      jar.destroyAll();
    },
  };
}
