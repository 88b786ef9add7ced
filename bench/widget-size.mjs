/**
 * What `<smtp-settings>` costs a page: bundles `packages/widget/src/define.ts` with every dependency
 * (lit, @lit/context, @lit/task, the valibot parts the schema uses, the schema itself) through Vite's
 * build API, minified, and compares it with Lit alone (`export { LitElement, html } from 'lit'`, so
 * tree-shaking cannot drop what an element needs). Sizes are of the minified JavaScript and of that
 * gzipped at level 9. Exits with 1 when the element is over the target.
 *
 * Usage: `npm run size` (no build needed: the schema is bundled from its sources).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const TARGET_GZIP_KB = 14;
const root = fileURLToPath(new URL('..', import.meta.url));
const path = (relative) => join(root, relative);

/** Bundles `entry` with everything it imports and returns the size of the JavaScript written. */
async function measure(entry, outDir) {
  await build({
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    resolve: {
      // Measured from source, so the number is right without `npm run build` first.
      alias: { '@smtp-settings/schema': path('packages/schema/src/index.ts') },
    },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: () => 'bundle.js' },
      rolldownOptions: { output: { minify: true } },
    },
  });
  const code = readdirSync(outDir, { recursive: true })
    .filter((file) => String(file).endsWith('.js'))
    .map((file) => readFileSync(join(outDir, String(file))));
  const all = Buffer.concat(code);
  return { min: all.length, gzip: gzipSync(all, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(8);

// Inside node_modules, so the Lit-only entry resolves `lit` from the workspace like the element does.
const work = mkdtempSync(path('node_modules/.cache-widget-size-'));
try {
  const litEntry = join(work, 'lit-only.js');
  writeFileSync(litEntry, "export { LitElement, html } from 'lit';\n");
  const element = await measure(path('packages/widget/src/define.ts'), join(work, 'element'));
  const lit = await measure(litEntry, join(work, 'lit'));

  console.log('                                   min   min+gzip');
  console.log(`<smtp-settings> (define.ts, all) ${kb(element.min)} ${kb(element.gzip)}`);
  console.log(`lit alone (LitElement, html)     ${kb(lit.min)} ${kb(lit.gzip)}`);
  console.log(
    `element / lit: ${(element.min / lit.min).toFixed(2)} min, ${(element.gzip / lit.gzip).toFixed(2)} min+gzip`,
  );
  const within = element.gzip <= TARGET_GZIP_KB * 1024;
  console.log(`target ≤ ${TARGET_GZIP_KB} KB min+gzip for the element: ${within ? 'met' : 'MISSED'}`);
  if (!within) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
