import type { TestFailure, TokenHealth } from '@smtp-settings/schema';

/** Whether the mailer can send right now, and what deserves attention before it cannot. */
export interface MailerHealth {
  /** Whether the last send or check got through. */
  ok: boolean;
  /** When this was established, as ISO 8601. */
  checkedAt: string;
  /** Why the last send or check failed: code, stage, message and the fix. */
  error?: TestFailure;
  /** For OAuth settings: the account and warnings such as an expiring token or client secret. */
  tokenHealth: TokenHealth | null;
}

/**
 * Remembers the last health and calls `onChange` only when it changes — from working to failing, from
 * one failure to another, or back — so a host can alert someone once, not on every send.
 */
export function createHealthTracker(onChange: ((health: MailerHealth) => void) | undefined) {
  let last: MailerHealth | undefined;
  return {
    /** Records a health and tells the host if it differs from the last one. */
    report(health: MailerHealth): MailerHealth {
      const changed = !last || last.ok !== health.ok || last.error?.code !== health.error?.code;
      last = health;
      if (changed) onChange?.(health);
      return health;
    },
  };
}
