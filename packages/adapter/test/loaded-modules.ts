/**
 * Which packages a fresh process loads, for tests that a host loads only the stores and libraries it
 * uses: ES modules are seen by a `load` hook (`loaded-modules-hooks.mjs`), CommonJS ones in
 * `require.cache` when the process exits.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FreshProcessOptions, runTypeScript } from './fresh-process.js';

const HOOKS = new URL('./loaded-modules-hooks.mjs', import.meta.url).href;
/** Registers the hooks first, then lists the CommonJS modules as the process exits. */
const WATCH = `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const file = process.env.SMTP_SETTINGS_LOADED_MODULES;
register(${JSON.stringify(HOOKS)}, { data: { file } });
process.on('exit', () => {
  const cache = createRequire(${JSON.stringify(HOOKS)}).cache;
  appendFileSync(file, Object.keys(cache).map((path) => path + '\\n').join(''));
});
`)}`;

/** What {@link runWatchingPackages} reports. */
export interface WatchedRun {
  /** What the process printed on standard output. */
  output: string;
  /**
   * The names of the packages it loaded from `node_modules`, sorted, e.g. `['hono', 'nodemailer', 'pg']`;
   * `typescript` is among them, loaded by the hooks that run the sources.
   */
  packages: string[];
}

/**
 * Runs `file` (a `.ts` file of this package) in a fresh `node` process like `runTypeScript`, and reports
 * which packages it loaded besides what it printed.
 *
 * @example
 * const { packages } = await runWatchingPackages(new URL('./store-host.ts', import.meta.url));
 * expect(packages).not.toContain('better-sqlite3');
 */
export async function runWatchingPackages(
  file: string | URL,
  options: FreshProcessOptions = {},
): Promise<WatchedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-loaded-'));
  const list = join(dir, 'loaded.txt');
  try {
    const output = await runTypeScript(file, {
      ...options,
      env: { ...options.env, SMTP_SETTINGS_LOADED_MODULES: list },
      execArgv: ['--import', WATCH, ...(options.execArgv ?? [])],
    });
    const locations = readFileSync(list, 'utf8').split('\n').filter(Boolean);
    const packages = new Set(locations.map(packageOf).filter((name) => name !== undefined));
    return { output, packages: [...packages].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Inside a process that {@link runWatchingPackages} started: the packages it has loaded so far, for a
 * check between steps (what the process imported through `import`, and its require cache).
 *
 * @example
 * await mailer.send(message);
 * console.log(JSON.stringify({ libraries: loadedPackagesSoFar().has('google-auth-library') }));
 */
export function loadedPackagesSoFar(): Set<string> {
  const list = process.env.SMTP_SETTINGS_LOADED_MODULES;
  if (!list) throw new Error('loadedPackagesSoFar() runs only in a process of runWatchingPackages()');
  const required = Object.keys(createRequire(import.meta.url).cache);
  const locations = [...readFileSync(list, 'utf8').split('\n'), ...required];
  return new Set(locations.map(packageOf).filter((name) => name !== undefined));
}

/** The package a module's path or `file:` URL lies in, `@scope/name` or `name`; `undefined` outside `node_modules`. */
function packageOf(location: string): string | undefined {
  const parts = location.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return undefined;
  const name = parts[at + 1];
  return name?.startsWith('@') ? `${name}/${parts[at + 2]}` : name;
}
