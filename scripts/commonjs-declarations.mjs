import ts from 'typescript';

const NODE16 = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
const IMPORT_MODE = `{ 'resolution-mode': 'import' }`;
// Packages whose CommonJS types only re-export their ES ones (`export * from './index.js'` in a .d.cts),
// which `module: node16` refuses: their ES types are taken directly instead.
const ES_TYPES_ONLY = new Set(['@azure/msal-node']);

/**
 * Turns an ES declaration file's text into the one its CommonJS copy at `fileName` needs: an import of a
 * package that only has ES types (such as `lit`) becomes `import type … with { 'resolution-mode': 'import' }`,
 * and `import("lit")` gets the same attribute, so TypeScript's `module: node16` accepts the file from a
 * CommonJS program. Node ≥ 20.19 loads those packages through `require(esm)`; the attribute says as much.
 *
 * @example
 * ```js
 * await writeFile(copy, commonjsDeclaration(await readFile(original, 'utf8'), copy));
 * ```
 */
export function commonjsDeclaration(text, fileName) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const edits = [];
  const visit = (node) => {
    if (ts.isImportTypeNode(node) && needsImportMode(node.argument.literal?.text, fileName)) {
      if (node.attributes) throw new Error(`${fileName}: import type already has attributes`);
      edits.push({ start: node.argument.end, end: node.argument.end, text: `, { with: ${IMPORT_MODE} }` });
    } else if (ts.isImportDeclaration(node) && needsImportMode(node.moduleSpecifier.text, fileName)) {
      edits.push({ start: node.getStart(source), end: node.end, text: typeOnlyImport(node, fileName) });
    } else if (ts.isExportDeclaration(node) && needsImportMode(node.moduleSpecifier?.text, fileName)) {
      throw new Error(
        `${fileName}: re-exporting ${node.moduleSpecifier.text} from CommonJS is not supported`,
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((out, edit) => out.slice(0, edit.start) + edit.text + out.slice(edit.end), text);
}

/** Whether `specifier`, required from `fileName`, lands on ES declarations that CommonJS may not import. */
function needsImportMode(specifier, fileName) {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:')) return false;
  if (ES_TYPES_ONLY.has(specifier)) return true;
  const { resolvedModule } = ts.resolveModuleName(
    specifier,
    fileName,
    NODE16,
    ts.sys,
    undefined,
    undefined,
    ts.ModuleKind.CommonJS,
  );
  if (!resolvedModule) return false;
  return (
    ts.getImpliedNodeFormatForFile(resolvedModule.resolvedFileName, undefined, ts.sys, NODE16) ===
    ts.ModuleKind.ESNext
  );
}

/** The `import type` form of an import declaration, the only one `resolution-mode` is allowed on. */
function typeOnlyImport(node, fileName) {
  const clause = node.importClause;
  if (!clause || node.attributes || (clause.name && clause.namedBindings))
    throw new Error(`${fileName}: cannot rewrite ${node.getText()}`);
  const bindings = clause.namedBindings;
  let names;
  if (clause.name) names = clause.name.text;
  else if (bindings && ts.isNamespaceImport(bindings)) names = `* as ${bindings.name.text}`;
  else {
    const elements = bindings.elements.map((element) =>
      element.propertyName ? `${element.propertyName.text} as ${element.name.text}` : element.name.text,
    );
    names = `{ ${elements.join(', ')} }`;
  }
  return `import type ${names} from '${node.moduleSpecifier.text}' with ${IMPORT_MODE};`;
}
