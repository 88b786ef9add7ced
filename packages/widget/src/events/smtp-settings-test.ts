import type { TestResponse } from '@smtp-settings/schema';

/** Fired when a connection test finished, whether it passed or not. */
export class SmtpSettingsTestEvent extends Event {
  /** The test's stages, failure, warnings and (when it passed) receipt. */
  readonly detail: TestResponse;

  /** Creates the event around the test result. */
  constructor(detail: TestResponse) {
    super('smtp-settings-test', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'smtp-settings-test': SmtpSettingsTestEvent;
  }
}
