/** What the command line tool's exit status says; the same for every command. */
export const EXIT = {
  /** It worked: the key is made, the rotation is complete, the Test passed, the mail was sent. */
  ok: 0,
  /** It ran and failed: the Test or the send failed, or some stored values could not be re-sealed. */
  failed: 1,
  /** The command line or its input is wrong: an unknown option, invalid settings, a malformed key, nothing saved to use. */
  usage: 2,
  /** The store or the keys let it down: the database cannot be opened, read or written, or a stored value cannot be decrypted. */
  store: 3,
  /** A fault of the tool itself; the message names the error. */
  internal: 70,
} as const;

/** One of {@link EXIT}'s statuses. */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** An error the tool reports as one line, with the exit status it means; never carries a secret. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    /** The exit status it ends the command with. */
    readonly status: ExitStatus,
    message: string,
    /** Lines printed under the message, e.g. one per field that needs attention. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A mistake in how the command was called or in the input it was given (exit status 2). */
export function usageError(message: string, details?: readonly string[]): CliError {
  return new CliError(EXIT.usage, message, details);
}
