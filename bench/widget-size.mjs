/**
 * What `<smtp-settings>` costs a page, measured the way a host ships it: builds the widget with its
 * own `npm run build` (the `dist/` that would be published), then bundles an app whose only line is
 * `import '@smtp-settings/widget/define.js'` for production (resolved through node_modules and the
 * package's `exports`, so lit, @lit/context, the schema's `dist/` and valibot come in as a host gets
 * them), minified and code-split. Prints every chunk (min and min+gzip at level 9), the initial chunk
 * (what every admin downloads), the total of all chunks, the cost of each package or file, and Lit
 * alone for comparison, and what the element's imports cost without a line of its own code (every
 * binding `dist/` imports from lit, @lit/*, valibot and the schema, bundled the same way): the floor
 * any element code adds to. The 14 KB target applies to the total; exits with 1 when it is missed.
 *
 * Usage: `npm run size` (needs the schema built: `npm run build -w @smtp-settings/schema`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/**
 * An entry that uses exactly what `define.js` and the `dist/` files it reaches import from other
 * packages and nothing of their own: named bindings as imported, and of a namespace import
 * (`import * as v from 'valibot'`) the members the code reads.
 */
function dependenciesEntry() {
  const files = [];
  const reach = (path) => {
    if (files.some((file) => file.path === path)) return;
    const code = readFileSync(path, 'utf8');
    files.push({ path, code });
    for (const [, relative] of code.matchAll(/from\s*"(\.[^"]+)"/g)) reach(join(dirname(path), relative));
  };
  reach(join(root, 'packages/widget/dist/define.js'));
  const imports = new Map();
  const add = (from, names) => imports.set(from, new Set([...(imports.get(from) ?? []), ...names]));
  for (const { code } of files) {
    for (const [, bindings, from] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^".][^"]*)"/g)) {
      add(
        from,
        bindings.split(',').map((binding) => binding.trim().split(/\s+as\s+/)[0]),
      );
    }
    for (const [, alias, from] of code.matchAll(/import\s*\*\s*as\s*([\w$]+)\s*from\s*"([^".][^"]*)"/g)) {
      const member = new RegExp(`(?<![\\w$.])${alias.replace('$', '\\$')}\\.(\\w+)`, 'g');
      add(
        from,
        [...code.matchAll(member)].map((match) => match[1]),
      );
    }
  }
  return usingEntry(imports);
}

/** An app entry that imports `names` of each package and keeps them, so the bundler can drop nothing else. */
function usingEntry(imports) {
  const lines = [];
  const kept = [];
  for (const [from, names] of imports) {
    const aliased = [...names].map((name) => {
      kept.push(`_${kept.length}`);
      return `${name} as ${kept.at(-1)}`;
    });
    lines.push(`import { ${aliased.join(', ')} } from '${from}';`);
  }
  return `${lines.join('\n')}\nglobalThis.kept = [${kept.join(', ')}];\n`;
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
  const lit = await bundle(usingEntry(new Map([['lit', ['LitElement', 'html']]])), work);
  const dependencies = await bundle(dependenciesEntry(), work);
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
  console.log(
    `its imports alone (no element code)      ${kb(sum(dependencies, 'min'))} ${kb(sum(dependencies, 'gzip'))}`,
  );
  const own = (key) => total[key] - sum(dependencies, key);
  console.log(`what the element's own code adds         ${kb(own('min'))} ${kb(own('gzip'))}`);
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
