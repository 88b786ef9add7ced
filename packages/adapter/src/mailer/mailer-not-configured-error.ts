/** How `MailerHealth` reports a tenant without saved settings: nothing was tried, so there is no stage. */
export interface MailerNotConfiguredFailure {
  /** Stable code to branch on. */
  code: 'NOT_CONFIGURED';
  /** What happened, in one sentence. */
  message: string;
  /** What to do about it, in one sentence. */
  hint: string;
}

/** Thrown by the mailer when the tenant has no saved SMTP settings yet, so nothing can be sent. */
export class MailerNotConfiguredError extends Error {
  override readonly name = 'MailerNotConfiguredError';
  /** Stable code to branch on. */
  readonly code = 'NOT_CONFIGURED';

  constructor(
    /** The tenant without settings. */
    readonly tenant: string,
  ) {
    super(
      `No SMTP settings are saved for tenant "${tenant}": an administrator has to set up outgoing mail first.`,
    );
  }

  /** The failure as `checkHealth()` and `onHealthChange` report it. */
  toHealthError(): MailerNotConfiguredFailure {
    return {
      code: this.code,
      message: this.message,
      hint: 'Open the mail settings, enter the outgoing mail server, test it and save.',
    };
  }
}
