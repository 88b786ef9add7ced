/**
 * Module hooks for `loaded-modules.ts`: appends the URL of every module the process loads through `import`
 * to the file named at registration, one a line. They run on the hooks thread, where the process under
 * test cannot see them, and write synchronously, so the file is complete once the process has exited.
 *
 * @module
 */
import { appendFileSync } from 'node:fs';

let file;

/** Receives the file to write to from `register()`. */
export async function initialize(data) {
  file = data.file;
}

/** Records a module once it has loaded. */
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  appendFileSync(file, `${url}\n`);
  return loaded;
}
