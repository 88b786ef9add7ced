import type { OAuthProvider } from '@smtp-settings/schema';
import type { Logger } from '../logger.js';

/** The message every security event is logged with, to filter on. */
export const SECURITY_EVENT_MESSAGE = 'smtp-settings: security event';

/**
 * What the adapter reports to the host's logger as `details` of a {@link SECURITY_EVENT_MESSAGE} line,
 * one shape for every kind, so a log pipeline can index it (OWASP ASVS 5, V16). Never a secret, a
 * message body, a request body or a query string.
 */
export interface SecurityEvent {
  /**
   * `test`: a Test ran; `host_refused`: the host policy refused the server it was to connect to;
   * `access_denied`: `authorize` refused the caller; `csrf_rejected`: the CSRF check refused a
   * state-changing request; `oauth_start`: an admin started "Get Refresh Token"; `oauth_state_rejected`:
   * a sign-in callback came with a state that is forged, replayed, expired or of another admin;
   * `delivery_resend`, `delivery_discard`: an admin asked to resend or discard a message of the delivery log.
   */
  event:
    | 'test'
    | 'host_refused'
    | 'access_denied'
    | 'csrf_rejected'
    | 'oauth_start'
    | 'oauth_state_rejected'
    | 'delivery_resend'
    | 'delivery_discard';
  /** `passed`, `started`, `resent` or `discarded`, else the stable error code answered, e.g. `AUTH_FAILED`, `FORBIDDEN`. */
  outcome: string;
  /** Whose settings; absent from `access_denied`, which comes before the `tenant` hook runs. */
  tenant?: string;
  /** Who, as the `actor` hook names them; absent from `access_denied` like `tenant`. */
  actor?: string;
  /** The SMTP server of a `test` or `host_refused`. */
  host?: string;
  /** Its port. */
  port?: number;
  /** The provider of an `oauth_start` or `oauth_state_rejected`. */
  provider?: OAuthProvider;
  /** The HTTP method of a refused request. */
  method?: string;
  /** Its path, without the query. */
  path?: string;
  /** The `Origin` a refused request came with, if any (at most 200 characters). */
  origin?: string;
  /** The message of a `delivery_resend` or `delivery_discard`, when the request named an id of the right shape. */
  deliveryId?: string;
}

/** Sends a security event to the logger's `info`, or to `warn` for a logger without one. */
export function logSecurityEvent(logger: Logger, event: SecurityEvent): void {
  // Called as methods, so a logger object that uses `this` keeps it.
  if (logger.info) logger.info(SECURITY_EVENT_MESSAGE, { ...event });
  else logger.warn(SECURITY_EVENT_MESSAGE, { ...event });
}
