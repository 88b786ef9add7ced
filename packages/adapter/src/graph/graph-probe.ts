import type { TestStage } from '@smtp-settings/schema';
import { notice } from '../failures/server-text.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyTokenError } from '../smtp/classify-token.js';
import type { StepDetail } from '../smtp/probe/probe-context.js';
import { DEFAULT_PROBE_TIMEOUTS, type ProbeResult } from '../smtp/probe/run-probe.js';
import { StageRecorder } from '../smtp/probe/stage-recorder.js';
import { buildTestMessage } from '../smtp/probe/test-message.js';
import { lookupMailbox, readSecretExpiry, sendMimeMessage } from './graph-calls.js';
import { type GraphConnection, graphServer } from './graph-connection.js';

/** How a Graph Test runs, besides the connection it tests. */
export interface GraphProbeOptions {
  /** Where to send a real test message; without it the Test stops after the mailbox lookup. */
  sendTo?: string | undefined;
  /** How long the whole Test may take, in ms (the SMTP probe's `timeouts.total`); each request gets what is left, at most Graph's own limit. */
  totalMs?: number | undefined;
  /** Called as each stage finishes, in order, for streaming progress. */
  onStage?: ((stage: TestStage) => void) | undefined;
  /** Cancels the Test, e.g. when the admin leaves. */
  signal?: AbortSignal | undefined;
}

const RESOURCE = 'Microsoft Graph';

/**
 * Tests settings that send through Microsoft Graph stage by stage — `token`, `mailbox` and, with
 * `sendTo`, `send` — stopping at the first failure, classified like a send's; a 403 on the lookup passes
 * the stage as skipped (sending checks the mailbox). Warns of the client secret's expiry when the app
 * registration tells it. Never rejects for a Graph or token problem.
 *
 * @example
 * const result = await runGraphProbe(connection, { sendTo: 'admin@contoso.com', onStage: stream.write });
 */
export async function runGraphProbe(
  connection: GraphConnection,
  options: GraphProbeOptions = {},
): Promise<ProbeResult> {
  const recorder = new StageRecorder(graphServer(connection).port, options.onStage);
  const totalMs = options.totalMs ?? DEFAULT_PROBE_TIMEOUTS.total;
  const deadlineAt = performance.now() + totalMs;
  // Each request waits at most what the Test has left, so a stalled Graph ends the Test in time.
  const bounded = (): GraphConnection => {
    const left = Math.max(1, Math.round(deadlineAt - performance.now()));
    return {
      ...connection,
      graph: { ...connection.graph, timeoutMs: Math.min(connection.graph.timeoutMs, left) },
    };
  };
  const { signal } = options;
  const warnings: ProbeResult['warnings'] = [];
  try {
    const accessToken = await recorder.run('token', async () => {
      const token = await connection.accessToken().catch((error: unknown) => {
        throw classifyTokenError(error, 'token');
      });
      return { value: token.accessToken, detail: tokenDetail(connection) };
    });
    const expiry = readSecretExpiry({ connection: bounded(), accessToken, signal });
    await recorder.run('mailbox', async () => {
      const lookup = await lookupMailbox({ connection: bounded(), accessToken, signal });
      const { mailbox } = connection;
      if (!lookup.found)
        return { value: undefined, detail: { key: 'detail.mailboxNotChecked' }, skipped: true };
      return {
        value: undefined,
        detail: { key: 'detail.mailboxFound', params: { mailbox, name: lookup.name } },
      };
    });
    const expiresAt = await expiry;
    if (expiresAt) {
      warnings.push(
        notice('warning.clientSecretExpiresRead', { date: expiresAt.toISOString().slice(0, 10) }),
      );
    }
    const { sendTo } = options;
    if (sendTo !== undefined) {
      await recorder.run('send', async () => {
        const message = await buildTestMessage(testMessageTarget(connection, sendTo), {
          host: graphServer(connection).host,
          login: `${connection.mailbox} via ${RESOURCE} (${connection.signIn})`,
          sentAt: new Date(),
        });
        await sendMimeMessage({ connection: bounded(), accessToken, signal }, message);
        return { value: undefined, detail: { key: 'detail.graphAccepted' } };
      });
    }
    return { ok: true, stages: recorder.stages, warnings };
  } catch (error) {
    if (!(error instanceof SmtpFailure)) throw error;
    return { ok: false, stages: recorder.stages, failure: error, warnings };
  }
}

function tokenDetail(connection: GraphConnection): StepDetail {
  if (connection.signIn === 'application') {
    const { clientId, tenantId } = connection;
    return { key: 'detail.tokenApplication' as const, params: { resource: RESOURCE, clientId, tenantId } };
  }
  const account = connection.account ?? connection.mailbox;
  return { key: 'detail.tokenDelegated' as const, params: { resource: RESOURCE, account } };
}

/** The test message's sender and recipient, and the server line it names (Graph over HTTPS). */
function testMessageTarget(connection: GraphConnection, sendTo: string) {
  return {
    ...graphServer(connection),
    security: 'tls' as const,
    fromEmail: connection.from.email,
    ...(connection.from.name !== undefined && { fromName: connection.from.name }),
    sendTo,
  };
}
