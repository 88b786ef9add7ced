import type { ServerTextKey, ServerTextParams } from '@smtp-settings/schema';
import { englishText } from '../failures/server-text.js';

/** How `MailerHealth` reports a tenant without saved settings: nothing was tried, so there is no stage. */
export interface MailerNotConfiguredFailure {
  /** Stable code to branch on. */
  code: 'NOT_CONFIGURED';
  /** What happened, in one sentence. */
  message: string;
  /** The message's key in `SERVER_TEXTS`. */
  messageKey: ServerTextKey;
  /** What to do about it, in one sentence. */
  hint: string;
  /** The hint's key in `SERVER_TEXTS`. */
  hintKey: ServerTextKey;
  /** The values of the message's placeholders: the tenant. */
  params: ServerTextParams;
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
    super(englishText('failure.notConfigured', { tenant }));
  }

  /** The failure as `checkHealth()` and `onHealthChange` report it. */
  toHealthError(): MailerNotConfiguredFailure {
    return {
      code: this.code,
      message: this.message,
      messageKey: 'failure.notConfigured',
      hint: englishText('hint.notConfigured'),
      hintKey: 'hint.notConfigured',
      params: { tenant: this.tenant },
    };
  }
}
