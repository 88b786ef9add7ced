import type { ExitStatus } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';

/** One command of the `smtp-settings` tool. */
export interface Command {
  /** What the operator types after `smtp-settings`, e.g. `rotate-keys`. */
  name: string;
  /** One line for the overview `smtp-settings --help` prints. */
  summary: string;
  /** What `--help` prints. */
  usage: string;
  /** Its options, as `node:util`'s `parseArgs` takes them (`--help` is every command's). */
  options: OptionSpec;
  /** Runs it with its parsed options; resolves with the exit status, or throws for `describeError`. */
  run(values: ParsedOptions, io: CliIo): Promise<ExitStatus>;
}
