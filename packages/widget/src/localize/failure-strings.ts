import type { ServerTextKey, TestStageName } from '@smtp-settings/schema';

/** The words a failure is told with: Test's result and the delivery log share them, so both say the same. */
export interface FailureStrings {
  /** Names of the test stages, which are also where a delivery attempt failed. */
  stages: Record<TestStageName, string>;
  /** Label before the server's reply. */
  serverReply: string;
  /** Label before the hint of a failure. */
  hint: string;
  /**
   * Translations of what the server writes (stage details, failure messages and hints, warnings, preset
   * labels and notes), keyed by their `SERVER_TEXTS` key, as templates whose `{name}` placeholders the
   * server's params fill; a text left out shows in the server's English.
   */
  serverTexts: Partial<Record<ServerTextKey, string>>;
}

/** The English {@link FailureStrings}. */
export const failureEn: FailureStrings = {
  stages: {
    dns: 'DNS lookup',
    connect: 'Connect',
    tls: 'TLS',
    ehlo: 'Capabilities (EHLO)',
    auth: 'Sign-in',
    token: 'Access token',
    mailbox: 'Mailbox',
    envelope: 'Sender and recipient',
    send: 'Send',
  },
  serverReply: 'Server reply:',
  hint: 'What to do:',
  // The server writes English already (`SERVER_TEXTS`), so the elements ship none of it twice.
  serverTexts: {},
};
