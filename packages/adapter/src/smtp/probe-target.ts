import type { SmtpConnection } from './connection.js';
import type { ProbeTarget } from './probe/types.js';

/**
 * What the connection test talks to for a connection (see `connectionOf`): the same server, security,
 * certificate name, trust and login the mailer uses, and with `sendTo` the address of a real test message.
 * Other TLS options of the connection (cipher or version limits a host set for the mailer) are the
 * mailer's alone.
 *
 * @example
 * ```ts
 * const result = await runProbe(probeTargetOf(connectionOf(settings, { tls }), { sendTo }));
 * ```
 */
export function probeTargetOf(
  connection: SmtpConnection,
  { sendTo }: { sendTo?: string | undefined } = {},
): ProbeTarget {
  const { host, port, security, tls, auth, from } = connection;
  return {
    host,
    port,
    security,
    ...(tls.servername !== undefined && { servername: tls.servername }),
    ...(tls.secureContext !== undefined && { secureContext: tls.secureContext }),
    ...(!tls.rejectUnauthorized && { allowInvalidCertificate: true }),
    ...(auth && { auth }),
    fromEmail: from.email,
    ...(from.name !== undefined && { fromName: from.name }),
    ...(sendTo !== undefined && { sendTo }),
  };
}
