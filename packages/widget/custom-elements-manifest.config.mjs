/**
 * Custom Elements Manifest of the published package: the analyzer reads `src/`, then
 * {@link publishedModules} rewrites the result into what a consumer imports — `dist/index.js` with
 * the element classes and everything else `.` exports, `dist/define.js` registering `<smtp-settings>`,
 * `dist/delivery-log.js` registering `<smtp-delivery-log>`, and the React entries — leaving out the
 * internal parts of the form, private and protected members and Lit's statics (`shadowRootOptions`).
 */
const SOURCE_OF = {
  'dist/index.js': 'src/index.ts',
  'dist/define.js': 'src/define.ts',
  'dist/delivery-log.js': 'src/delivery-log.ts',
  'dist/react.js': 'src/react.ts',
  'dist/react-delivery-log.js': 'src/react-delivery-log.ts',
};

/** The analyzer's module references (`./api/client.js` from `src/index.ts`, `src/react.ts`) → `src/…/*.ts`. */
function sourcePath(from, specifier) {
  const absolute = specifier.startsWith('src/') ? `/${specifier}` : specifier;
  const url = new URL(absolute.replace(/\.js$/, '.ts'), `file:///${from}`);
  return url.pathname.slice(1);
}

/** Moves every declaration an entry point exports into that entry point's module, under its `dist/` path. */
function publishedModules() {
  return {
    name: 'published-modules',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const sources = new Map(manifest.modules.map((module) => [module.path, module]));
      const declared = new Map();
      const modules = Object.entries(SOURCE_OF).map(([path, source]) => {
        const entry = sources.get(source);
        const module = { kind: 'javascript-module', path, declarations: [], exports: [] };
        for (const exported of entry?.exports ?? []) {
          const reference = exported.declaration;
          const from = reference.module ? sourcePath(source, reference.module) : source;
          const declaration = sources.get(from)?.declarations?.find((d) => d.name === reference.name);
          // Type-only exports have no declaration in a manifest; consumers read them from the .d.ts files.
          if (!declaration) continue;
          const home = declared.get(declaration) ?? path;
          if (!declared.has(declaration)) {
            declared.set(declaration, path);
            module.declarations.push(withoutPrivates(declaration));
          }
          module.exports.push({ ...exported, declaration: { name: reference.name, module: home } });
        }
        return module;
      });
      manifest.modules = modules;
    },
  };
}

// Lit's own statics, which every element sets for Lit, not for its users.
const LIT_STATICS = new Set(['styles', 'properties', 'shadowRootOptions']);

/** The declaration without its private and protected members, Lit's statics, and the attributes of internal state. */
function withoutPrivates(declaration) {
  if (!declaration.members) return declaration;
  const isPublic = (member) =>
    (!member.privacy || member.privacy === 'public') && !(member.static && LIT_STATICS.has(member.name));
  const hidden = new Set(
    declaration.members.filter((member) => !isPublic(member)).map((member) => member.name),
  );
  const members = declaration.members.filter(isPublic);
  // The analyzer lists every entry of `static properties` as an attribute, the internal states too.
  const attributes = declaration.attributes?.filter((attribute) => !hidden.has(attribute.fieldName));
  return { ...declaration, members, ...(attributes && { attributes }) };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  // package.json names the manifest itself; a run with `--outdir` (the manifest's test) must not rewrite it.
  packagejson: false,
  plugins: [publishedModules()],
};
