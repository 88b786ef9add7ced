// What the setup needs to know about the machine, and how it runs commands on it. Node built-ins only:
// on a fresh clone nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether `path` is a file this process may execute. */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable named `command` in the directories of `env.PATH`, or undefined. */
export function which(command, env = process.env) {
  for (const directory of (env.PATH ?? '').split(delimiter)) {
    if (directory && isExecutable(join(directory, command))) return join(directory, command);
  }
  return undefined;
}

/** Whether this run may install system packages itself: it runs as root on Debian (or a derivative). */
export function canAptInstall(env = process.env) {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && which('apt-get', env) !== undefined;
}

/** Runs a command with the terminal's output and tells whether it succeeded. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
  return result.status === 0;
}

/** Installs Debian packages (as `.ci/run` used to: a fresh package list first); false when apt-get fails. */
export function aptInstall(packages) {
  console.log(`Installing ${packages.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return run('apt-get', ['update'], { env }) && run('apt-get', ['install', '-y', ...packages], { env });
}

/** Waits until `check` resolves true, polling every 250 ms for at most `seconds`; resolves what it saw last. */
export async function waitFor(check, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
