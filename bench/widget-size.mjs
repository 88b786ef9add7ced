/**
 * What `<smtp-settings>` costs a page, measured the way a host ships it: builds the widget with its
 * own `npm run build` (the `dist/` that would be published), then bundles an app whose only line is
 * `import '@smtp-settings/widget/define.js'` for production (resolved through node_modules and the
 * package's `exports`, so lit, @lit/context, the schema's `dist/` and valibot come in as a host gets
 * them), minified and code-split. Prints every chunk (min and min+gzip at level 9), the initial chunk
 * (what every admin downloads), the total of all chunks, the cost of each package or file, and Lit
 * alone for comparison. The 14 KB target applies to the total; exits with 1 when it is missed.
 *
 * Usage: `npm run size` (needs the schema built: `npm run build -w @smtp-settings/schema`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minify } from 'rolldown/experimental';
import { build } from 'vite';

const TARGET_GZIP_KB = 14;
const root = fileURLToPath(new URL('..', import.meta.url));

const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(8);

/** Bundles `source` as a host app would and returns its chunks and the rendered size of each module. */
async function bundle(source, work) {
  const entry = join(work, 'entry.js');
  writeFileSync(entry, source);
  const output = await build({
    configFile: false,
    root: work,
    logLevel: 'silent',
    mode: 'production',
    build: { write: false, target: 'es2022', minify: true, rolldownOptions: { input: entry } },
  });
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((file) => file.type === 'chunk');
  return chunks.map((chunk) => ({
    name: chunk.fileName,
    initial: chunk.isEntry,
    min: Buffer.byteLength(chunk.code),
    gzip: gzip(chunk.code),
    modules: Object.entries(chunk.modules).map(([id, module]) => [id, module.code ?? '']),
  }));
}

/** Groups a module id by package (or by file inside this repository). */
function owner(id) {
  const match = id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match && !match[1].startsWith('@smtp-settings')) return match[1];
  return id.replace(/^.*?packages\//, '').replace(/\?.*$/, '');
}

// Built first with the package's own build, so the bundle holds what `npm publish` would ship.
execFileSync('npm', ['run', 'build', '--silent', '-w', '@smtp-settings/widget'], {
  cwd: root,
  stdio: 'ignore',
});

// Inside node_modules, so bare imports resolve from the workspace like a host's would.
const work = mkdtempSync(join(root, 'node_modules/.cache-widget-size-'));
try {
  const chunks = await bundle("import '@smtp-settings/widget/define.js';\n", work);
  const lit = await bundle("export { LitElement, html } from 'lit';\n", work);
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0);

  console.log('                                             min   min+gzip');
  for (const chunk of chunks) {
    console.log(
      `${chunk.initial ? 'initial' : 'lazy   '} ${chunk.name.padEnd(32)} ${kb(chunk.min)} ${kb(chunk.gzip)}`,
    );
  }
  const initial = chunks.filter((chunk) => chunk.initial);
  const total = { min: sum(chunks, 'min'), gzip: sum(chunks, 'gzip') };
  console.log(
    `initial chunk (every admin)              ${kb(sum(initial, 'min'))} ${kb(sum(initial, 'gzip'))}`,
  );
  console.log(`all chunks (an OAuth admin)              ${kb(total.min)} ${kb(total.gzip)}`);
  console.log(`lit alone (LitElement, html)             ${kb(sum(lit, 'min'))} ${kb(sum(lit, 'gzip'))}`);
  const ratio = (key) => (total[key] / sum(lit, key)).toFixed(2);
  console.log(`all chunks / lit alone: ${ratio('min')} min, ${ratio('gzip')} min+gzip`);

  const byOwner = new Map();
  for (const [id, code] of chunks.flatMap((chunk) => chunk.modules)) {
    byOwner.set(owner(id), (byOwner.get(owner(id)) ?? '') + code);
  }
  // Each piece minified and gzipped alone: more than its share of the whole bundle's gzip, but it ranks the costs.
  console.log('\nby package or file, alone:                    min   min+gzip');
  const pieces = [];
  for (const [name, code] of byOwner) {
    const { code: min } = await minify(`${name.replace(/\W/g, '_')}.js`, code, {
      module: true,
      compress: false,
    });
    if (min.trim()) pieces.push([name, Buffer.byteLength(min), gzip(min)]);
  }
  for (const [name, min, zipped] of pieces.sort((a, b) => b[2] - a[2])) {
    console.log(`${name.padEnd(40)} ${kb(min)} ${kb(zipped)}`);
  }

  const within = total.gzip <= TARGET_GZIP_KB * 1024;
  console.log(`\ntarget ≤ ${TARGET_GZIP_KB} KB min+gzip for all chunks: ${within ? 'met' : 'MISSED'}`);
  if (!within) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
