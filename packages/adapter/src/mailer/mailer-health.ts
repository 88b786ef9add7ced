import type { TestFailure, TokenHealth } from '@smtp-settings/schema';
import type { MailerNotConfiguredFailure } from './mailer-not-configured-error.js';

/** Why the mailer cannot send: a classified SMTP failure with its stage, or `NOT_CONFIGURED`. */
export type MailerHealthError = TestFailure | MailerNotConfiguredFailure;

/** Whether the mailer can send right now, and what deserves attention before it cannot. */
export interface MailerHealth {
  /** Whether the last send or check got through. */
  ok: boolean;
  /** When this was established, as ISO 8601. */
  checkedAt: string;
  /** Why the last send or check failed: code, message and the fix, with the stage for an SMTP failure. */
  error?: MailerHealthError;
  /** For OAuth settings: the account and warnings such as an expiring token or client secret. */
  tokenHealth: TokenHealth | null;
}

/**
 * Remembers the last health and calls `onChange` only when it changes — from working to failing, from
 * one failure to another, or back — so a host can alert someone once, not on every send. A new mailer
 * is presumed to work: its first success is no change, its first failure (`NOT_CONFIGURED` included) is.
 */
export function createHealthTracker(onChange: ((health: MailerHealth) => void) | undefined) {
  let last: Pick<MailerHealth, 'ok' | 'error'> = { ok: true };
  return {
    /** Records a health and tells the host if it differs from the last one. */
    report(health: MailerHealth): MailerHealth {
      const changed = last.ok !== health.ok || last.error?.code !== health.error?.code;
      last = health;
      if (changed) onChange?.(health);
      return health;
    },
  };
}
