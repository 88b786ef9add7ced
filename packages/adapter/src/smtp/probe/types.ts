import type { SecureContext } from 'node:tls';
import type { ServerNotice, TestStage } from '@smtp-settings/schema';
import type { SmtpFailure } from '../../failures/smtp-failure.js';
import type { ConnectionAuth } from '../connection.js';
import type { HostPolicy } from '../host-policy.js';

/** How the probe logs in, if at all: the same login a connection has (see `connectionOf`). */
export type ProbeAuth = ConnectionAuth;

/** The server settings to test. */
export interface ProbeTarget {
  /** SMTP server name or IP address; an internationalized name is converted to ASCII. */
  host: string;
  /** TCP port. */
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: plain text upgraded by STARTTLS (587); `none`: never encrypted. */
  security: 'tls' | 'starttls' | 'none';
  /** The name for SNI and the certificate check; the host's ASCII form (none for an IP address) when omitted. */
  servername?: string;
  /** What TLS connections trust, shared by all of them (see `createTlsTrust`); the process's default trust when omitted. */
  secureContext?: SecureContext;
  /** Accept an untrusted or mismatched certificate, with a warning, instead of failing. */
  allowInvalidCertificate?: boolean;
  /** How to log in; without it the test sends without authentication. */
  auth?: ProbeAuth;
  /** The sender address for MAIL FROM and the From header. */
  fromEmail: string;
  /** The sender's display name in the From header. */
  fromName?: string;
  /** Where to send a real test message; without it the test stops after the envelope check. */
  sendTo?: string;
}

/** Time limits of a probe run, in milliseconds. */
export interface ProbeTimeouts {
  /** DNS lookup, and then the TCP connection (each). */
  connect: number;
  /** The server's greeting after connecting, and the implicit TLS handshake. */
  greeting: number;
  /** Each command's reply, including the STARTTLS handshake and the message upload. */
  command: number;
  /** The whole run; when it passes, whatever is running stops with `TIMEOUT`. */
  total: number;
}

/** How a probe runs, beyond the settings it tests. */
export interface ProbeOptions {
  /** Overrides of the default limits: connect 5000, greeting 5000, command 10000, total 15000 ms. */
  timeouts?: Partial<ProbeTimeouts>;
  /** Which resolved addresses the probe may connect to; defaults to `defaultHostPolicy`. */
  hostPolicy?: HostPolicy;
  /** The name sent with EHLO; defaults to `os.hostname()`, or our address literal when that is not a domain. */
  clientName?: string;
  /** Called as each step finishes, in order, for streaming progress. */
  onStage?: (stage: TestStage) => void;
  /** Cancels the run; it then ends with `TIMEOUT` at the current step. */
  signal?: AbortSignal;
}

/** What a probe run found. */
export interface ProbeResult {
  /** Whether every step passed. */
  ok: boolean;
  /** The steps that ran, in order; the last one failed when `ok` is false. */
  stages: TestStage[];
  /** Why the run stopped, when it failed. */
  failure?: SmtpFailure;
  /** Things that work but deserve attention, such as an unencrypted login. */
  warnings: ServerNotice[];
}
