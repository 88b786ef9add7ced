import { transform as transformCss } from 'lightningcss';
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Shrinks the static text of Lit's tagged templates in the published bundle: `css` literals are
 * minified by Lightning CSS, and in `html` literals every run of whitespace that holds a line break
 * becomes one space, which renders the same (the templates hold no `<pre>` or `<textarea>`).
 * The output minifier keeps template text as written, so this is where the indentation goes.
 *
 * @example
 * ```ts
 * export default defineConfig({ plugins: [minifyTemplates()] });
 * ```
 */
export function minifyTemplates(): Plugin {
  return {
    name: 'smtp-settings:minify-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(?:html|css)`/.test(code)) return undefined;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const output = new MagicString(code);
      const visit = (node: ts.Node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
          if (node.tag.text === 'css') minifyCss(node.template, output, id);
          if (node.tag.text === 'html') collapseHtml(node.template, output);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (!output.hasChanged()) return undefined;
      return { code: output.toString(), map: output.generateMap({ hires: true, source: id }) };
    },
  };
}

function minifyCss(template: ts.TemplateLiteral, output: MagicString, id: string) {
  // Interpolated CSS would need the pieces minified apart; the styles here have none.
  if (!ts.isNoSubstitutionTemplateLiteral(template)) return;
  const { code } = transformCss({ filename: id, code: Buffer.from(template.text), minify: true });
  const minified = code.toString();
  if (/[`\\]|\$\{/.test(minified)) return;
  output.overwrite(template.getStart() + 1, template.end - 1, minified);
}

function collapseHtml(template: ts.TemplateLiteral, output: MagicString) {
  const pieces = ts.isNoSubstitutionTemplateLiteral(template)
    ? [template]
    : [template.head, ...template.templateSpans.map((span) => span.literal)];
  for (const piece of pieces) {
    // The raw text between the delimiters: "`" or "}" before it, "`" or "${" after it.
    const start = piece.getStart() + 1;
    const end = piece.end - (ts.isTemplateHead(piece) || ts.isTemplateMiddle(piece) ? 2 : 1);
    const raw = output.original.slice(start, end);
    const collapsed = raw.replace(/\s*\n\s*/g, ' ');
    if (collapsed !== raw) output.overwrite(start, end, collapsed);
  }
}
