import { type Logger, SECURITY_EVENT_MESSAGE } from '@smtp-settings/adapter';

/**
 * The demo's terminal log: errors and warnings as the console writes them, and each security event on
 * one line (`security event: test passed by demo-admin (127.0.0.1:1025)`), so a Test is one line, not eight.
 *
 * @example
 * createSmtpSettings({ ...options, logger: demoLogger });
 */
export const demoLogger: Logger = {
  error: (message, details) => console.error(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  info: (message, details) => {
    if (message !== SECURITY_EVENT_MESSAGE || !details) return console.info(message, details ?? '');
    const { event, outcome, actor, host, port, provider } = details;
    const what = [event, outcome, actor && `by ${actor}`, provider, host && `(${host}:${port})`];
    console.info(`security event: ${what.filter(Boolean).join(' ')}`);
  },
};

/** Keeps errors and warnings but drops security events, for tests that start the demo many times. */
export const quietDemoLogger: Logger = {
  error: demoLogger.error,
  warn: demoLogger.warn,
  // An `info` is needed to drop them: a logger without one gets security events through `warn`.
  info: () => {},
};
