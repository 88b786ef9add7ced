import type { Command } from './command.js';
import { describeError } from './describe-error.js';
import { EXIT, type ExitStatus } from './exit-codes.js';
import { generateKey } from './generate-key.js';
import type { CliIo } from './io.js';
import { parseCommand } from './parse-command.js';
import { rotateKeys } from './rotate-keys.js';
import { sendTestMail } from './send-test-mail.js';
import { testSettings } from './test-settings.js';

const COMMANDS: readonly Command[] = [generateKey, rotateKeys, testSettings, sendTestMail];

const OVERVIEW = `Usage: smtp-settings <command> [options]

Operator commands for @smtp-settings/adapter, on the store the host uses.

Commands:
${COMMANDS.map(({ name, summary }) => `  ${name.padEnd(14)}${summary}`).join('\n')}

Run smtp-settings <command> --help for a command's options. Secret keys and passwords are read from
the environment (SMTP_SETTINGS_KEY, SMTP_SETTINGS_PASSWORD), never from the command line.

Exit status: 0 done, 1 failed (the Test or the send failed, or values could not be re-sealed),
2 wrong usage or input, 3 the store or the keys failed.`;

// A name shown back in an error must look like a command, not something pasted there by mistake.
const COMMAND_LIKE = /^[a-z][a-z-]{0,30}$/;

/**
 * Runs the `smtp-settings` tool with the arguments after its name: the command's output on `io.out`,
 * errors as one line on `io.err` (never a stack trace or a secret). Resolves with the exit status.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitStatus> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(OVERVIEW);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const shown = COMMAND_LIKE.test(name) ? ` "${name}"` : '';
    io.err(
      `smtp-settings: unknown command${shown}; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return EXIT.usage;
  }
  try {
    const values = parseCommand(rest, command.options, command.usage, io);
    return values ? await command.run(values, io) : EXIT.ok;
  } catch (error) {
    const { status, message, details } = describeError(error);
    io.err(`smtp-settings ${command.name}: ${message}`);
    for (const line of details) io.err(line);
    return status;
  }
}
