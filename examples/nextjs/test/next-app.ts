/**
 * Builds the example with the real `next build` and serves it with `next start` on a free loopback
 * port, as a deployment would, with telemetry off.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The example's folder, where Next.js reads `app/`, `next.config.ts` and writes `.next/`. */
const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** The example served by `next start`. */
export interface NextApp {
  /** Where it listens, such as `http://127.0.0.1:40123`. */
  url: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * The environment Next.js runs in: never vitest's `NODE_ENV=test` (Next.js sets `production` itself for
 * `build` and `start`), and no telemetry, so nothing leaves the machine.
 */
function nextEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_ENV: _vitest, ...env } = process.env;
  return { ...env, ...extra, NEXT_TELEMETRY_DISABLED: '1' };
}

/** Runs `next build` in the example's folder; rejects with its output when it fails. */
export async function buildNextApp(): Promise<void> {
  const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
    cwd: EXAMPLE,
    env: nextEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`next build exited with ${code}:\n${output()}`);
}

/** Starts `next start` on 127.0.0.1 and a free port with `env`, once it says it is ready. */
export async function startNextApp(env: Record<string, string>): Promise<NextApp> {
  // Its own process group, so that close() also ends any worker `next start` spawns.
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', '0'], {
    cwd: EXAMPLE,
    env: nextEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collect(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start never got ready:\n${output()}`)), 30_000);
    const check = () => {
      const local = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (local?.[1] && /Ready in/.test(output())) {
        clearTimeout(timer);
        resolve(local[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`next start exited with ${code}:\n${output()}`));
    });
  }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { url, output, close };
}

/** Keeps what the child writes to stdout and stderr. */
function collect(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}
