import type { SecureContext } from 'node:tls';
import type { ServerNotice, ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import type { HostPolicy } from '../host-policy.js';
import type { SocketJar } from './socket-jar.js';
import type { ProbeTarget, ProbeTimeouts } from './types.js';

/** What every step of one probe run shares. */
export interface ProbeContext {
  /** The settings under test. */
  target: ProbeTarget;
  /** The resolved time limits. */
  timeouts: ProbeTimeouts;
  /** Which addresses may be contacted. */
  hostPolicy: HostPolicy;
  /** What TLS connections trust, when not the process's default trust. */
  secureContext: SecureContext | undefined;
  /** Aborted when the total time passes or the caller cancels. */
  signal: AbortSignal;
  /** Every socket the run opens, destroyed when it ends. */
  jar: SocketJar;
  /** Warnings collected along the way. */
  warnings: ServerNotice[];
}

/** What a step produces: a value for the next steps and a line for the admin. */
export interface StepOutcome<T> {
  /** What later steps need. */
  value: T;
  /** What the step found: its text's key and params. */
  detail: StepDetail;
  /** Set when the step found it could not check what it is for, so it passes marked skipped. */
  skipped?: true;
}

/** A stage's detail before it is written: its key in `SERVER_TEXTS` and the params. */
export interface StepDetail {
  /** The key. */
  key: ServerTextKey;
  /** The values of its placeholders. */
  params?: ServerTextParams;
}
