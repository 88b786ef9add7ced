import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The option definitions of a command, as `node:util`'s `parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** A command's parsed options, each a string, a boolean or a list as its definition says. */
export type ParsedOptions = Record<string, string | boolean | Array<string | boolean> | undefined>;

const HELP: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/**
 * Parses a command's arguments strictly (an unknown option or a missing value is a usage error that
 * names the option, never its value). Answers `undefined` after printing `usage` for `--help`.
 */
export function parseCommand(
  argv: readonly string[],
  options: OptionSpec,
  usage: string,
  io: CliIo,
): ParsedOptions | undefined {
  let values: ParsedOptions;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...options, ...HELP }, strict: true }));
  } catch (error) {
    throw usageError(describeParseError(error), ['Run it with --help to see its options.']);
  }
  if (values.help === true) {
    io.out(usage);
    return undefined;
  }
  return values;
}

/**
 * parseArgs's messages quote the offending argument, which could be a secret pasted in the wrong place:
 * only its code and the option's name are kept.
 */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[A-Za-z][\w-]*)/.exec(message ?? '')?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return option ? `unknown option ${option}` : 'unknown option';
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message?.includes('does not take'))
        return option ? `option ${option} takes no value` : 'an option takes no value';
      return option ? `option ${option} needs a value` : 'an option is missing its value';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument: this command takes options only';
    default:
      return 'the arguments cannot be read';
  }
}
