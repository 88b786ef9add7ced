import type { ResolvedOptions } from '../resolve-options.js';
import type { ProbeResult } from '../smtp/probe/run-probe.js';
import { logSecurityEvent } from './security-log.js';

/** One Test that ran, as {@link recordTest} reports it. */
export interface TestRun {
  /** Whose settings were tested. */
  tenant: string;
  /** Who ran the Test. */
  actor: string;
  /** The version saved when it ran, 0 before the first save. */
  version: number;
  /** The SMTP server it connected to: the admin's, or the OAuth provider's. */
  host: string;
  /** Its port. */
  port: number;
  /** How the Test ended. */
  result: ProbeResult;
}

/**
 * Reports a Test that ran: a `test` security event, a `host_refused` one as well when the host policy
 * refused the server, and an entry in the audit trail next to the saves. A store that cannot write
 * the entry is logged as an error instead of failing the Test, whose answer the admin is waiting for.
 */
export async function recordTest(
  { store, logger, clock }: Pick<ResolvedOptions, 'store' | 'logger' | 'clock'>,
  { tenant, actor, version, host, port, result }: TestRun,
): Promise<void> {
  // A failed run always carries its failure; the fallback only satisfies the type.
  const outcome = result.ok ? 'passed' : (result.failure?.code ?? 'SMTP_ERROR');
  logSecurityEvent(logger, { event: 'test', tenant, actor, host, port, outcome });
  if (outcome === 'HOST_NOT_ALLOWED') {
    logSecurityEvent(logger, { event: 'host_refused', tenant, actor, host, port, outcome });
  }
  try {
    const at = clock().toISOString();
    await store.recordAudit(tenant, { action: 'test', version, at, actor, test: { host, port, outcome } });
  } catch (error) {
    logger.error('smtp-settings: could not record a Test in the audit trail', {
      tenant,
      error: (error as Error)?.name,
    });
  }
}
