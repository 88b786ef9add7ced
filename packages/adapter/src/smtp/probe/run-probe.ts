import { hostname } from 'node:os';
import { notice } from '../../failures/server-text.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { classifyReply } from '../classify-reply.js';
import { defaultHostPolicy } from '../host-policy.js';
import { formatReply } from '../smtp-reply.js';
import { authStep } from './auth-step.js';
import { describeCapabilities } from './capabilities.js';
import { ehloName } from './client-name.js';
import { connectStep } from './connect-step.js';
import { dnsStep } from './dns-step.js';
import { sayEhlo } from './ehlo.js';
import { envelopeStep } from './envelope-step.js';
import type { ProbeContext, StepDetail } from './probe-context.js';
import { ProbeError } from './probe-error.js';
import { sendStep } from './send-step.js';
import type { SmtpDialog } from './smtp-dialog.js';
import { SocketJar } from './socket-jar.js';
import { StageRecorder } from './stage-recorder.js';
import { implicitTlsStep, startTlsStep } from './tls-step.js';
import type { ProbeOptions, ProbeResult, ProbeTarget, ProbeTimeouts } from './types.js';

export type { ProbeAuth, ProbeOptions, ProbeResult, ProbeTarget, ProbeTimeouts } from './types.js';

/** The limits a run uses unless `options.timeouts` overrides them, in milliseconds. */
export const DEFAULT_PROBE_TIMEOUTS: Readonly<ProbeTimeouts> = {
  connect: 5000,
  greeting: 5000,
  command: 10_000,
  total: 15_000,
};

// A goodbye is a courtesy: never worth more than this.
const QUIT_TIMEOUT_MS = 1000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
const UNSAFE_IN_COMMAND = /[\u0000-\u001f\u007f<>]/;

/**
 * Tests SMTP settings step by step — `dns`, `connect`, `tls`, `ehlo`, `auth`, `envelope` and, with
 * `sendTo`, `send` — stopping at the first failure, which it classifies with a stable code and a
 * hint. It never rejects for a server or network problem (only a `TypeError` for a target that could
 * smuggle SMTP commands), and it destroys every socket it opened on every path.
 *
 * @example
 * const result = await runProbe(
 *   { host: 'smtp.example.com', port: 587, security: 'starttls', fromEmail: 'app@example.com',
 *     auth: { method: 'password', user: 'app@example.com', pass } },
 *   { onStage: (stage) => stream.write(stage), signal: request.signal },
 * );
 * if (!result.ok) console.log(result.failure?.toTestFailure());
 */
export async function runProbe(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  assertSafeTarget(target);
  const timeouts: ProbeTimeouts = { ...DEFAULT_PROBE_TIMEOUTS, ...options.timeouts };
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new ProbeError('ETIMEDOUT', 'failure.waitTotal', { limitMs: timeouts.total })),
    timeouts.total,
  );
  const cancel = () => controller.abort(new ProbeError('ETIMEDOUT', 'failure.cancelled'));
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });

  const recorder = new StageRecorder(target.port, options.onStage);
  const context: ProbeContext = {
    target,
    timeouts,
    hostPolicy: options.hostPolicy ?? defaultHostPolicy,
    secureContext: target.secureContext,
    signal: controller.signal,
    jar: new SocketJar(),
    warnings: [],
  };
  const session: Session = {};
  const quit = () => session.dialog?.quit(Math.min(QUIT_TIMEOUT_MS, timeouts.command));
  try {
    await converse(context, recorder, options, session);
    await quit();
    return { ok: true, stages: recorder.stages, warnings: context.warnings };
  } catch (error) {
    if (!(error instanceof SmtpFailure)) throw error;
    // After a refused login or address the connection is still fine, and servers prefer a goodbye.
    if (error.code !== 'TIMEOUT') await quit();
    return { ok: false, stages: recorder.stages, failure: error, warnings: context.warnings };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
    context.jar.destroyAll();
  }
}

/** The conversation in progress, so that the run can say goodbye whichever step failed. */
interface Session {
  dialog?: SmtpDialog;
}

async function converse(
  context: ProbeContext,
  recorder: StageRecorder,
  options: ProbeOptions,
  session: Session,
): Promise<void> {
  const { target, timeouts, warnings } = context;
  const resolved = await recorder.run('dns', () => dnsStep(context));
  const connection = await recorder.run('connect', () => connectStep(context, resolved));
  const name = ehloName(
    options.clientName ?? hostname(),
    connection.socket.localAddress,
    options.clientName !== undefined,
  );

  // The name the certificate must carry: the connection's, or the one the DNS step checked.
  const tlsName = target.servername ?? resolved.host;
  session.dialog = connection.dialog;
  const current =
    connection.dialog ??
    (await recorder.run('tls', () => implicitTlsStep(context, tlsName, connection.socket)));
  session.dialog = current;
  if (target.security === 'starttls') {
    await recorder.run('tls', () => startTlsStep(context, tlsName, current, name));
  } else if (target.security === 'none') {
    recorder.skip('tls', { key: 'detail.tlsSkipped' });
    if (target.auth) warnings.push(notice('warning.unencryptedLogin'));
  }

  const capabilities = await recorder.run('ehlo', async () => {
    // Over implicit TLS the greeting comes only now; otherwise the connect step showed it already.
    let greeting: string | undefined;
    if (target.security === 'tls') {
      const reply = await current.read('greeting', timeouts.greeting);
      if (reply.code !== 220) throw classifyReply(reply, 'ehlo');
      greeting = formatReply(reply);
    }
    const offered = await sayEhlo(current, name, timeouts.command);
    if (target.security === 'none' && offered.startTls) warnings.push(notice('warning.startTlsOffered'));
    const capabilities = describeCapabilities(offered);
    const detail: StepDetail =
      greeting === undefined
        ? { key: 'detail.capabilities' as const, params: { capabilities } }
        : { key: 'detail.capabilitiesGreeting' as const, params: { reply: greeting, capabilities } };
    return { value: offered, detail };
  });

  const login = await recorder.run('auth', () =>
    authStep(context, current, capabilities, target.security !== 'none'),
  );
  await recorder.run('envelope', () => envelopeStep(context, current, capabilities, login.authRequiredHint));
  if (target.sendTo !== undefined) {
    const facts = { host: resolved.host, login: login.description, sentAt: new Date() };
    await recorder.run('send', () => sendStep(context, current, facts));
  }
}

function assertSafeTarget(target: ProbeTarget): void {
  const unsafe = (value: string | undefined) => value !== undefined && UNSAFE_IN_COMMAND.test(value);
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65_535) {
    throw new TypeError('target.port must be an integer from 1 to 65535.');
  }
  if (!['tls', 'starttls', 'none'].includes(target.security)) {
    throw new TypeError('target.security must be tls, starttls or none.');
  }
  const host = target.host.trim();
  if (host === '' || /\s/.test(host) || UNSAFE_IN_COMMAND.test(host)) {
    throw new TypeError('target.host must be a host name or an IP address.');
  }
  // Addresses go into command lines: a line break in one would add a command, a bracket end the path.
  if (unsafe(target.fromEmail) || unsafe(target.sendTo)) {
    throw new TypeError(
      'target.fromEmail and target.sendTo must not contain control characters or angle brackets.',
    );
  }
  // The user only travels base64-encoded inside AUTH, where brackets are harmless but a NUL would split it.
  if (target.auth && /\p{Cc}/u.test(target.auth.user)) {
    throw new TypeError('target.auth.user must not contain control characters.');
  }
}
