/**
 * Gives the package in the working directory its CommonJS face after `tsc` (and Vite) built the ES modules
 * in `dist/`: `dist/cjs/` holds a copy of every declaration file and, for each `require` target in the
 * package's `exports`, a one-line module that hands back the ES module through Node's `require(esm)`.
 * Its own `package.json` (`"type": "commonjs"`) makes Node and TypeScript read both as CommonJS.
 *
 * @example
 * ```sh
 * tsc -p tsconfig.build.json && node ../../scripts/build-commonjs.mjs
 * ```
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix, resolve } from 'node:path';
import { commonjsDeclaration } from './commonjs-declarations.mjs';

const CJS_DIR = 'dist/cjs';

const manifest = JSON.parse(await readFile('package.json', 'utf8'));

// The declarations are copies of the ES ones: `./x.js` inside them then resolves to the CommonJS copy
// next to them, so a CommonJS program never reaches into our ES types.
await rm(CJS_DIR, { recursive: true, force: true });
for (const file of await readdir('dist', { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  const copy = resolve(CJS_DIR, file);
  await mkdir(dirname(copy), { recursive: true });
  await writeFile(copy, commonjsDeclaration(await readFile(join('dist', file), 'utf8'), copy));
}
await writeFile(`${CJS_DIR}/package.json`, `${JSON.stringify({ type: 'commonjs' })}\n`);

for (const [subpath, target] of Object.entries(manifest.exports)) {
  // JSON files such as ./package.json need no CommonJS face.
  if (typeof target !== 'object') continue;
  const { import: imported, require: required } = target;
  const underCjs = (path) => path?.startsWith(`./${CJS_DIR}/`);
  if (!imported?.default || !underCjs(required?.default) || !underCjs(required.types)) {
    throw new Error(
      `exports["${subpath}"] needs an import target and a require target (code, types) in ${CJS_DIR}/`,
    );
  }
  const esm = posix.relative(posix.dirname(required.default), imported.default);
  // One module instance for `import` and `require` alike: no second copy of a class or a registration.
  const body = `'use strict';\nmodule.exports = require('${esm.startsWith('.') ? esm : `./${esm}`}');\n`;
  await mkdir(dirname(required.default), { recursive: true });
  await writeFile(required.default, body);
}

console.log(`${manifest.name}: CommonJS entries and types in ${CJS_DIR}/`);
