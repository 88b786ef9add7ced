/**
 * Which packages a fresh process has loaded, for tests that a library stays unloaded until it is used:
 * a module hook logs every URL the process resolves to a file (ES modules, and the entry of a CommonJS
 * package that an `import` loads), and the require cache adds what CommonJS `require` loaded, which
 * Node 20's hooks do not see. Start the process with {@link moduleLogArgs}; read with {@link loadedPackages}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const HOOKS = new URL('./module-log-hooks.mjs', import.meta.url).href;
// The package a module belongs to: the name after the last node_modules/, scoped or not.
const PACKAGE = /^.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/**
 * Node options that make a process log every module it resolves to `file`, from before its main module
 * loads; pass them as `execArgv` of `runTypeScript`.
 *
 * @example
 * const out = await runTypeScript(CHILD, { execArgv: moduleLogArgs(file), args: [file] });
 */
export function moduleLogArgs(file: string): string[] {
  const register = `import{register}from'node:module';register(${JSON.stringify(HOOKS)},{data:{file:${JSON.stringify(file)}}});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
}

/**
 * The names of the packages (e.g. `@azure/msal-node`) this process has loaded so far, from the log
 * `file` its {@link moduleLogArgs} write and from the require cache.
 *
 * @example
 * expect(loadedPackages(file).has('google-auth-library')).toBe(false);
 */
export function loadedPackages(file: string): Set<string> {
  const required = Object.keys(createRequire(import.meta.url).cache).map((path) => pathToFileURL(path).href);
  const urls = [...readFileSync(file, 'utf8').split('\n'), ...required];
  const names = new Set<string>();
  for (const url of urls) {
    const name = PACKAGE.exec(url)?.[1];
    if (name) names.add(name);
  }
  return names;
}
