import type { ExitStatus } from './exit-codes.js';
import type { CliIo } from './io.js';

/** One command of the `smtp-settings` tool. */
export interface Command {
  /** What the operator types after `smtp-settings`, e.g. `rotate-keys`. */
  name: string;
  /** One line for the overview `smtp-settings --help` prints. */
  summary: string;
  /** Runs it with the arguments after its name; resolves with the exit status, or throws for `describeError`. */
  run(argv: readonly string[], io: CliIo): Promise<ExitStatus>;
}
