import type { TLSSocket } from 'node:tls';
import { classifyError } from '../classify-error.js';
import { cleanServerText } from '../smtp-reply.js';

// Enough notice to renew a certificate before mail stops.
const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks the certificate of a finished handshake: an untrusted or mismatched one fails with
 * `TLS_CERT_INVALID`, or, when `allowInvalid`, passes with a warning that names the reason.
 */
export function checkCertificate(
  secure: TLSSocket,
  host: string,
  allowInvalid: boolean,
  warnings: string[],
): void {
  const validTo = Date.parse(secure.getPeerCertificate().valid_to ?? '');
  if (
    Number.isFinite(validTo) &&
    validTo > Date.now() &&
    validTo - Date.now() < EXPIRY_WARNING_DAYS * DAY_MS
  ) {
    warnings.push(
      `The server certificate expires on ${isoDate(validTo)}; mail stops working if it is not renewed.`,
    );
  }
  if (secure.authorized) return;
  const reason: unknown = secure.authorizationError;
  const code =
    typeof reason === 'string' ? reason : ((reason as { code?: string } | null)?.code ?? 'CERT_UNTRUSTED');
  const failure = classifyError({ code, host, cert: secure.getPeerCertificate() }, 'tls');
  if (!allowInvalid) throw failure;
  warnings.push(
    `${failure.message} It was accepted because invalid certificates are allowed: the connection is encrypted, but nothing proves it reaches the real server.`,
  );
}

/** One line for the admin: protocol, cipher, and the certificate's subject, issuer and expiry date. */
export function describeTls(secure: TLSSocket): string {
  const certificate = secure.getPeerCertificate();
  const subject = nameOf(certificate.subject?.CN) ?? 'an unnamed subject';
  const issuer = nameOf(certificate.issuer?.CN) ?? nameOf(certificate.issuer?.O) ?? 'an unnamed issuer';
  const validTo = Date.parse(certificate.valid_to ?? '');
  const expiry = Number.isFinite(validTo) ? `, valid until ${isoDate(validTo)}` : '';
  return cleanServerText(
    `${secure.getProtocol() ?? 'TLS'}, ${secure.getCipher().name}; certificate for ${subject} issued by ${issuer}${expiry}`,
  );
}

function nameOf(value: string | string[] | undefined): string | undefined {
  const name = Array.isArray(value) ? value[0] : value;
  return name ? cleanServerText(name, 120) : undefined;
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
