/**
 * Where the adapter reports what an operator should know; messages never contain secrets. The call
 * shape, a message then a details object, is console's and winston's.
 */
export interface Logger {
  /** Something unexpected failed; the request answered 500. */
  error(message: string, details?: Record<string, unknown>): void;
  /** Something worth a look that did not fail the request. */
  warn(message: string, details?: Record<string, unknown>): void;
  /**
   * Security events (see {@link SecurityEvent}); optional so a logger written before them still fits,
   * and a logger without it gets them through `warn`, so they are never dropped.
   */
  info?(message: string, details?: Record<string, unknown>): void;
}

/** The default logger: the console, for hosts that pass none. */
export const consoleLogger: Logger = {
  error: (message, details) => console.error(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  info: (message, details) => console.info(message, details ?? ''),
};
