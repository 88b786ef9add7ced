/**
 * Runs a TypeScript file of this package in a fresh `node` process, for behaviour that a process
 * settles only when it starts, such as `NODE_EXTRA_CA_CERTS` and `--use-openssl-ca`, or for a process
 * a test kills.
 *
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOOKS = new URL('./typescript-hooks.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)});`;

/** How to start the process. */
export interface FreshProcessOptions {
  /** Variables added to this process's environment. */
  env?: Record<string, string>;
  /** Node options, e.g. `['--use-openssl-ca']`. */
  execArgv?: string[];
  /** Arguments after the file name. */
  args?: string[];
  /** How long it may run before it is killed; default 30 s. */
  timeoutMs?: number;
}

/**
 * Runs `file` (a path or `file:` URL of a `.ts` file) with `node` and resolves with what it printed on
 * standard output; rejects, with its standard error, when it fails or runs too long.
 *
 * @example
 * const out = await runTypeScript(new URL('./print-trust.ts', import.meta.url), {
 *   env: { NODE_EXTRA_CA_CERTS: caFile },
 * });
 */
export function runTypeScript(file: string | URL, options: FreshProcessOptions = {}): Promise<string> {
  const { env = {}, timeoutMs = 30_000 } = options;
  const path = pathOf(file);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      nodeArguments(path, options),
      { env: { ...process.env, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${path} failed: ${stderr || error.message}`, { cause: error }));
        else resolve(stdout);
      },
    );
  });
}

/**
 * Starts `file` (a path or `file:` URL of a `.ts` file) with `node` and returns the process at once, its
 * standard streams piped, for a test that stops it itself (`timeoutMs` is not applied).
 *
 * @example
 * const worker = spawnTypeScript(new URL('./outbox-crash-worker.ts', import.meta.url), { args: [filename] });
 * worker.kill('SIGKILL');
 */
export function spawnTypeScript(file: string | URL, options: FreshProcessOptions = {}): ChildProcess {
  const { env = {} } = options;
  return spawn(process.execPath, nodeArguments(pathOf(file), options), {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
}

/** A `file:` URL as a path; a path as it is. */
function pathOf(file: string | URL): string {
  return file instanceof URL ? fileURLToPath(file) : file;
}

/** `node`'s arguments: the options, the TypeScript hooks, the file, its arguments. */
function nodeArguments(path: string, { execArgv = [], args = [] }: FreshProcessOptions): string[] {
  return [...execArgv, '--import', REGISTER, path, ...args];
}
