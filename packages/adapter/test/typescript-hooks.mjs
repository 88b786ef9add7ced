/**
 * Module hooks that let a plain `node` process run the adapter's TypeScript sources, for the tests that
 * need a process of their own (`NODE_EXTRA_CA_CERTS`, say, is read only when a process starts):
 * `@smtp-settings/schema` resolves to its sources, a `.js` import in a `.ts` file to the `.ts` file
 * beside it, and TypeScript is transpiled without a type check (`tsc` does that). Registered by
 * `runTypeScript` of `fresh-process.ts`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const SCHEMA = new URL('../../schema/src/index.ts', import.meta.url).href;
const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
};

/** Points the schema package and the `.js` names of TypeScript sources at the sources. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@smtp-settings/schema') return { url: SCHEMA, shortCircuit: true };
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(source)) return { url: source.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

/** Transpiles a TypeScript source to an ES module. */
export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const { outputText } = ts.transpileModule(source, { fileName: url, compilerOptions: COMPILER_OPTIONS });
  return { format: 'module', source: outputText, shortCircuit: true };
}
