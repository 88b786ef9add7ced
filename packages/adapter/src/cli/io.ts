import type { Readable } from 'node:stream';

/** Where a command reads and writes: the process's streams, or a test's. */
export interface CliIo {
  /** Prints one line of the command's result. */
  out(line: string): void;
  /** Prints one line of progress, warning or error. */
  err(line: string): void;
  /** The environment: secret keys and passwords come from here, never from the command line. */
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for settings given as `--settings -`. */
  stdin: Readable;
}

/** The process's own standard streams and environment. */
export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    stdin: process.stdin,
  };
}
