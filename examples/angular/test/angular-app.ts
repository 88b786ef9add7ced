/**
 * Builds the example as an Angular app is built: the templates compiled ahead of time by `ngc` (the real
 * Angular compiler, strict template checks on), then one bundle in which Angular's linker finishes the
 * framework's partially compiled declarations, as the Angular CLI's builder does.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import linkerPlugin from '@angular/compiler-cli/linker/babel';
import { transformAsync } from '@babel/core';
import { build, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);
const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
// The package exports no bin path: find it from its package.json, as npm's `.bin/ngc` link does.
const COMPILER_CLI = require.resolve('@angular/compiler-cli/package.json');
const NGC = join(dirname(COMPILER_CLI), (require(COMPILER_CLI) as { bin: { ngc: string } }).bin.ngc);

/** The example's page and its script, ready to serve. */
export interface AngularApp {
  /** `index.html`. */
  html: string;
  /** `main.js`: the app, Angular and the widget in one ES module. */
  script: string;
}

/** Compiles and bundles the example; rejects with ngc's or esbuild's messages when either fails. */
export async function buildAngularApp(): Promise<AngularApp> {
  await ngc();
  const bundle = await build({
    entryPoints: [`${EXAMPLE}dist/main.js`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [angularLinker],
  });
  const script = bundle.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild wrote no bundle');
  return { html: await readFile(`${EXAMPLE}index.html`, 'utf8'), script };
}

/** Runs `ngc -p examples/angular/tsconfig.json`, which writes `dist/`. */
async function ngc(): Promise<void> {
  const child = spawn(process.execPath, [NGC, '-p', `${EXAMPLE}tsconfig.json`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`ngc exited with ${code}:\n${output}`);
}

/** Runs Angular's linker over the framework's modules that carry partial declarations (`ɵɵngDeclare…`). */
const angularLinker: Plugin = {
  name: 'angular-linker',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/]@angular[\\/].*\.m?js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('ɵɵngDeclare')) return { contents: source, loader: 'js' };
      const linked = await transformAsync(source, {
        filename: path,
        plugins: [linkerPlugin],
        configFile: false,
        babelrc: false,
        compact: false,
        sourceMaps: false,
      });
      return { contents: linked?.code ?? source, loader: 'js' };
    });
  },
};
