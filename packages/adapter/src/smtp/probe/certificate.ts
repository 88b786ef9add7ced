import type { TLSSocket } from 'node:tls';
import type { ServerNotice } from '@smtp-settings/schema';
import { notice } from '../../failures/server-text.js';
import { classifyError } from '../classify-error.js';
import { cleanServerText } from '../smtp-reply.js';
import type { StepDetail } from './probe-context.js';

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
  warnings: ServerNotice[],
): void {
  const validTo = Date.parse(secure.getPeerCertificate().valid_to ?? '');
  if (
    Number.isFinite(validTo) &&
    validTo > Date.now() &&
    validTo - Date.now() < EXPIRY_WARNING_DAYS * DAY_MS
  ) {
    warnings.push(notice('warning.certificateExpires', { date: isoDate(validTo) }));
  }
  if (secure.authorized) return;
  const reason: unknown = secure.authorizationError;
  const code =
    typeof reason === 'string' ? reason : ((reason as { code?: string } | null)?.code ?? 'CERT_UNTRUSTED');
  const failure = classifyError({ code, host, cert: secure.getPeerCertificate() }, 'tls');
  if (!allowInvalid) throw failure;
  warnings.push(notice('warning.certificateAccepted', { reason: code }));
}

/** One line for the admin: protocol, cipher, and the certificate's subject, issuer and expiry date; `startTls` after STARTTLS. */
export function describeTls(secure: TLSSocket, startTls: boolean): StepDetail {
  const certificate = secure.getPeerCertificate();
  const params = {
    protocol: cleanServerText(secure.getProtocol() ?? 'TLS', 40),
    cipher: cleanServerText(secure.getCipher().name, 80),
    subject: nameOf(certificate.subject?.CN) ?? '?',
    issuer: nameOf(certificate.issuer?.CN) ?? nameOf(certificate.issuer?.O) ?? '?',
  };
  const validTo = Date.parse(certificate.valid_to ?? '');
  if (!Number.isFinite(validTo)) return { key: startTls ? 'detail.startTls' : 'detail.tls', params };
  const key = startTls ? 'detail.startTlsValidUntil' : 'detail.tlsValidUntil';
  return { key, params: { ...params, date: isoDate(validTo) } };
}

function nameOf(value: string | string[] | undefined): string | undefined {
  const name = Array.isArray(value) ? value[0] : value;
  return name ? cleanServerText(name, 120) : undefined;
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
