/**
 * A module hook that appends every URL the process resolves to a log file, one a line, so a test can
 * tell which packages a process loaded. Registered through the `--import` that `moduleLogArgs` of
 * `module-log.ts` returns; the file arrives as `data.file`.
 *
 * @module
 */
import { appendFileSync } from 'node:fs';

let logFile;

/** Receives the log file from `register()`. */
export function initialize(data) {
  logFile = data.file;
}

/** Writes the URL a specifier resolved to before the module loads, so the log is complete once an import settles. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(logFile, `${resolved.url}\n`);
  return resolved;
}
