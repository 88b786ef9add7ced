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
}
