/**
 * What `<smtp-settings>` and `<smtp-delivery-log>` cost a page, measured the way a host ships them:
 * builds the widget with its own `npm run build` (the `dist/` that would be published), then bundles,
 * for production, an app with two entries, one whose only line is
 * `import '@smtp-settings/widget/define.js'` (the settings page) and one with
 * `import '@smtp-settings/widget/delivery-log.js'` (the delivery log's), resolved through node_modules
 * and the package's `exports` (so lit, @lit/context, the schema's `dist/` and valibot come in as a host
 * gets them), minified and code-split. First the settings page alone (nothing of the delivery log can be
 * in it): every chunk (min and min+gzip at level 9), `up front` when the page's entry imports it
 * statically or `on demand` when only an `import()` reaches it (the element loads those when the admin
 * needs them: the OAuth fields when OAuth is chosen or saved, the Test with the first Test, the audit
 * trail when History opens). First what the page downloads to show the form (the entry and the chunks it
 * imports statically, with Basic or no settings saved), then the target's figure: all it downloads before
 * the admin does anything, that and the chunks of `LOADS_BY_ITSELF` (an `import()` the element makes on
 * every page load); then what saved OAuth settings add and the total of all the element's chunks. Then Lit alone for comparison, what the element's imports cost
 * without a line of its own code (every binding `define.js` statically reaches in `dist/` imports from
 * lit, @lit/*, valibot and the schema, bundled the same way: the floor any element code adds to) and
 * each package or file of all its chunks. Then both pages in one app: every chunk with the entries that
 * load it, the delivery log's own chunks (what it adds beside the form), the log's page and the settings
 * page there, up front (a little more than alone: code they share moves to a chunk of its own). Then
 * `dist/standalone.js`, the one file a page without a build step loads, as published.
 * Exits with 1 when what the settings page downloads before the admin acts exceeds the 24 KB target.
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

const TARGET_GZIP_KB = 24;
// The chunks the element loads with an `import()` yet with no admin action, on every page load with Basic
// or no settings saved (the delivery status did, before it moved into the entry): the target counts them.
// A part that starts to load by itself belongs here, or the gate would miss what it costs.
const LOADS_BY_ITSELF = ['delivery-status'];
const root = fileURLToPath(new URL('..', import.meta.url));

const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(8);

/**
 * Bundles `sources` (entry name → code) as one host app would and returns its chunks: size, the
 * entries that load each (statically or on demand), those that load it up front (through static
 * imports only) and the rendered size of each module.
 */
async function bundle(sources, work) {
  const input = {};
  for (const [name, source] of Object.entries(sources)) {
    input[name] = join(work, `${name}.js`);
    writeFileSync(input[name], source);
  }
  const output = await build({
    configFile: false,
    root: work,
    logLevel: 'silent',
    mode: 'production',
    build: { write: false, target: 'es2022', minify: true, rolldownOptions: { input } },
  });
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => result.output)
    .filter((file) => file.type === 'chunk');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const reached = (chunk, lazy, seen = new Set()) => {
    if (seen.has(chunk.fileName)) return seen;
    seen.add(chunk.fileName);
    for (const file of [...chunk.imports, ...(lazy ? chunk.dynamicImports : [])]) {
      reached(byFile.get(file), lazy, seen);
    }
    return seen;
  };
  const entries = chunks.filter((chunk) => chunk.isEntry);
  const loading = (lazy) => new Map(entries.map((chunk) => [chunk.name, reached(chunk, lazy)]));
  const [loads, loadsUpFront] = [loading(true), loading(false)];
  const by = (map, chunk) => [...map].filter(([, files]) => files.has(chunk.fileName)).map(([name]) => name);
  return chunks.map((chunk) => ({
    name: chunk.fileName,
    initial: chunk.isEntry,
    entries: by(loads, chunk),
    upFront: by(loadsUpFront, chunk),
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
      const member = new RegExp(`(?<![\\w$.#])${alias.replace('$', '\\$')}\\.(\\w+)`, 'g');
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
  // The settings page alone, as the target counts it: nothing of the delivery log can be in it.
  const settings = await bundle({ settings: "import '@smtp-settings/widget/define.js';\n" }, work);
  // A host with both, on pages of their own: the chunks they share, and what the log adds beside the form.
  const both = await bundle(
    {
      settings: "import '@smtp-settings/widget/define.js';\n",
      'delivery-log': "import '@smtp-settings/widget/delivery-log.js';\n",
    },
    work,
  );
  const lit = await bundle({ lit: usingEntry(new Map([['lit', ['LitElement', 'html']]])) }, work);
  const dependencies = await bundle({ imports: dependenciesEntry() }, work);
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0);
  const line = (label, list) =>
    console.log(`${label.padEnd(60)} ${kb(sum(list, 'min'))} ${kb(sum(list, 'gzip'))}`);
  const chunkLines = (list) => {
    for (const chunk of list) {
      const when = chunk.initial ? 'entry' : chunk.upFront.length > 0 ? 'up front' : 'on demand';
      const label = `${when} ${chunk.name} (${chunk.entries.join(', ')})`;
      console.log(`${label.padEnd(60)} ${kb(chunk.min)} ${kb(chunk.gzip)}`);
    }
  };
  const upFront = (list, entry) => list.filter((chunk) => chunk.upFront.includes(entry));

  console.log(`${'a page with the settings form (loaded by)'.padEnd(60)}      min   min+gzip`);
  chunkLines(settings);
  const before = upFront(settings, 'settings');
  line('to show the form (entry + static imports)', before);
  // What the target counts: all the page downloads before the admin does anything.
  const unasked = settings.filter(
    (chunk) =>
      before.includes(chunk) || LOADS_BY_ITSELF.some((name) => chunk.name.startsWith(`assets/${name}-`)),
  );
  line('before the admin acts (and chunks that load by themselves)', unasked);
  line(
    'with saved OAuth settings (and the OAuth chunk)',
    settings.filter((chunk) => before.includes(chunk) || chunk.name.includes('oauth-section')),
  );
  line("all the settings element's chunks", settings);
  line('lit alone (LitElement, html)', lit);
  line('its imports alone (no element code)', dependencies);
  const total = { min: sum(unasked, 'min'), gzip: sum(unasked, 'gzip') };
  const own = (key) => total[key] - sum(dependencies, key);
  console.log(
    `${"what the element's own code adds before the admin acts".padEnd(60)} ${kb(own('min'))} ${kb(own('gzip'))}`,
  );
  const ratio = (key) => (total[key] / sum(lit, key)).toFixed(2);
  console.log(
    `settings element before the admin acts / lit alone: ${ratio('min')} min, ${ratio('gzip')} min+gzip`,
  );

  console.log('\nan app with the form and the delivery log, each on its own page:');
  chunkLines(both);
  line(
    "the delivery log's own chunks (beside the form)",
    both.filter((chunk) => chunk.entries.join() === 'delivery-log'),
  );
  line('the delivery log page, up front', upFront(both, 'delivery-log'));
  line('the settings page, up front', upFront(both, 'settings'));

  // The no-build-step file as published: a page downloads it whole, both elements and every chunk inside.
  const standalone = readFileSync(join(root, 'packages/widget/dist/standalone.js'));
  console.log(
    `\n${'dist/standalone.js (both elements, no build step)'.padEnd(60)} ${kb(standalone.length)} ${kb(gzip(standalone))}`,
  );

  const byOwner = new Map();
  for (const [id, code] of settings.flatMap((chunk) => chunk.modules)) {
    byOwner.set(owner(id), (byOwner.get(owner(id)) ?? '') + code);
  }
  // Each piece minified and gzipped alone: more than its share of the whole bundle's gzip, but it ranks the costs.
  console.log(`\n${'all its chunks by package or file, alone:'.padEnd(50)}      min   min+gzip`);
  const pieces = [];
  for (const [name, code] of byOwner) {
    const { code: min } = await minify(`${name.replace(/\W/g, '_')}.js`, code, {
      module: true,
      compress: false,
    });
    if (min.trim()) pieces.push([name, Buffer.byteLength(min), gzip(min)]);
  }
  for (const [name, min, zipped] of pieces.sort((a, b) => b[2] - a[2])) {
    console.log(`${name.padEnd(50)} ${kb(min)} ${kb(zipped)}`);
  }

  const within = total.gzip <= TARGET_GZIP_KB * 1024;
  console.log(
    `\ntarget ≤ ${TARGET_GZIP_KB} KB min+gzip for all the settings page downloads before the admin acts: ${within ? 'met' : 'MISSED'}`,
  );
  if (!within) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
