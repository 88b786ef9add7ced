import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { E2EPage } from './e2e-page.js';

const AXE_SCRIPT = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 AA, the level the element and the demo promise. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One axe finding, short enough to read in a failed assertion. */
export interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
}

/** Runs axe-core on the page as it is now, shadow roots included, and lists what violates WCAG 2.2 AA. */
export async function axeViolations(page: E2EPage): Promise<Violation[]> {
  // Evaluated, not added as a <script>: the demo's CSP rightly refuses inline scripts.
  await page.evaluate(AXE_SCRIPT);
  // A string, because these tests are type-checked without the DOM library.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} } })
    .then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((node) => node.target.join(' ')),
    })))`);
}
