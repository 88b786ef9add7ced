import type { TestStageName } from '@smtp-settings/schema';

/** The words a failure is told with: Test's result and the delivery log share them, so both say the same. */
export interface FailureStrings {
  /** Names of the test stages, which are also where a delivery attempt failed. */
  stages: Record<TestStageName, string>;
  /** Label before the server's reply. */
  serverReply: string;
  /** Label before the hint of a failure. */
  hint: string;
}

/** The English {@link FailureStrings}. */
export const failureEn: FailureStrings = {
  stages: {
    dns: 'DNS lookup',
    connect: 'Connect',
    tls: 'TLS',
    ehlo: 'Greeting',
    auth: 'Sign-in',
    envelope: 'Sender and recipient',
    send: 'Send',
  },
  serverReply: 'Server reply:',
  hint: 'What to do:',
};
