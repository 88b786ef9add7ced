/** Where the adapter reports what an operator should know; messages never contain secrets. */
export interface Logger {
  /** Something unexpected failed; the request answered 500. */
  error(message: string, details?: Record<string, unknown>): void;
  /** Something worth a look that did not fail the request. */
  warn(message: string, details?: Record<string, unknown>): void;
}

/** The default logger: the console, for hosts that pass none. */
export const consoleLogger: Logger = {
  error: (message, details) => console.error(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
};
