// @ts-check
/**
 * Runs in the page: finds what a locator's steps describe, as Playwright's locators would (through open
 * shadow roots, by role and accessible name, by label, by text), and reads or checks it. puppeteer-core
 * sends this function's source to the page, so it is self-contained: it may call nothing outside itself.
 *
 * @param {import('./in-page.js').Step[]} steps
 * @param {import('./in-page.js').Action} action
 * @param {string} [arg]
 */
export function inPage(steps, action, arg) {
  const normalize = (/** @type {string} */ text) => text.replace(/\s+/g, ' ').trim();

  /** @param {string} value @param {import('./in-page.js').TextMatch} match @param {boolean} [exact] */
  const matches = (value, match, exact) => {
    const text = normalize(value);
    if (typeof match !== 'string') return new RegExp(match.source, match.flags).test(text);
    return exact ? text === normalize(match) : text.toLowerCase().includes(normalize(match).toLowerCase());
  };

  /**
   * Every element below `root`, shadow roots included, in Playwright's order: a tree's own elements
   * first, then what each of their shadow roots holds.
   *
   * @param {ParentNode} root
   * @returns {Element[]}
   */
  const descendants = (root) => {
    const own = [...root.querySelectorAll('*')];
    const hosts = root instanceof Element ? [root, ...own] : own;
    return [...own, ...hosts.flatMap((host) => (host.shadowRoot ? descendants(host.shadowRoot) : []))];
  };

  /**
   * The text a user reads in `node`, shadow roots and slotted nodes included.
   *
   * @type {(node: Node) => string}
   */
  const textOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return /** @type {Text} */ (node).data;
    if (!(node instanceof Element || node instanceof DocumentFragment)) return '';
    if (node instanceof Element && ['script', 'style', 'template'].includes(node.localName)) return '';
    /** @type {ArrayLike<Node>} */
    let children = node.childNodes;
    if (node instanceof Element && node.shadowRoot) children = node.shadowRoot.childNodes;
    else if (node instanceof HTMLSlotElement && node.assignedNodes().length > 0)
      children = node.assignedNodes();
    return Array.from(children, textOf).join('');
  };

  /** Whether `inner` sits inside `outer` in the composed tree. */
  const holds = (/** @type {Element} */ outer, /** @type {Element} */ inner) => {
    for (let node = /** @type {Node | null} */ (inner); node; ) {
      if (node === outer) return true;
      node = node instanceof ShadowRoot ? node.host : node.parentNode;
    }
    return false;
  };

  const visible = (/** @type {Element} */ element) => {
    const box = element.getBoundingClientRect();
    return element.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
  };

  const hiddenFromAssistiveTech = (/** @type {Element} */ element) => {
    if (!element.checkVisibility({ visibilityProperty: true })) return true;
    for (let node = /** @type {Node | null} */ (element); node; ) {
      if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return true;
      node = node instanceof ShadowRoot ? node.host : node.parentNode;
    }
    return false;
  };

  const byIds = (/** @type {Element} */ element, /** @type {string} */ ids) => {
    const root = /** @type {Document | ShadowRoot} */ (element.getRootNode());
    return ids
      .split(/\s+/)
      .map((id) => root.getElementById(id))
      .filter((found) => found !== null);
  };

  /** The texts that label a form control: aria-labelledby, aria-label, or its <label>s. */
  const labelsOf = (/** @type {Element} */ element) => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) return [byIds(element, labelledBy).map(textOf).join(' ')];
    const label = element.getAttribute('aria-label');
    if (label) return [label];
    const labels = /** @type {HTMLInputElement} */ (element).labels;
    return labels ? Array.from(labels, textOf) : [];
  };

  const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
  /** @type {Record<string, string>} */
  const INPUT_ROLES = {
    checkbox: 'checkbox',
    radio: 'radio',
    button: 'button',
    submit: 'button',
    reset: 'button',
  };
  /** @type {Record<string, string>} */
  const TAG_ROLES = {
    button: 'button',
    dialog: 'dialog',
    output: 'status',
    table: 'table',
    tr: 'row',
    td: 'cell',
    textarea: 'textbox',
    option: 'option',
    ul: 'list',
    ol: 'list',
    li: 'listitem',
    nav: 'navigation',
    main: 'main',
    fieldset: 'group',
  };

  /** The ARIA role of `element`, explicit or implied by its tag. */
  const roleOf = (/** @type {Element} */ element) => {
    const explicit = element.getAttribute('role');
    if (explicit) return explicit.trim().split(/\s+/)[0];
    const tag = element.localName;
    if (tag === 'input') {
      const type = /** @type {HTMLInputElement} */ (element).type;
      return INPUT_ROLES[type] ?? (type === 'hidden' ? null : 'textbox');
    }
    if (tag === 'select') return /** @type {HTMLSelectElement} */ (element).multiple ? 'listbox' : 'combobox';
    if (tag === 'a') return element.hasAttribute('href') ? 'link' : null;
    if (tag === 'th') return element.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
    if (tag === 'section') return labelsOf(element).length > 0 ? 'region' : null;
    if (HEADINGS.includes(tag)) return 'heading';
    return TAG_ROLES[tag] ?? null;
  };

  const NAMED_BY_CONTENT = [
    'button',
    'link',
    'heading',
    'cell',
    'columnheader',
    'rowheader',
    'row',
    'option',
  ];
  /** The accessible name of `element`, as far as this page's markup needs it. */
  const nameOf = (/** @type {Element} */ element, /** @type {string | null} */ role) => {
    const labels = labelsOf(element);
    if (labels.length > 0) return labels.join(' ');
    if (element instanceof HTMLInputElement && INPUT_ROLES[element.type] === 'button') return element.value;
    if (role && NAMED_BY_CONTENT.includes(role)) return textOf(element);
    return element.getAttribute('title') ?? '';
  };

  /** Each step narrows the elements found so far, or looks inside them. */
  const run = (/** @type {import('./in-page.js').Step[]} */ all) => {
    /** @type {ParentNode[]} */
    let current = [document];
    for (const step of all) {
      const inside = () => [...new Set(current.flatMap(descendants))];
      if (step.kind === 'css') {
        // Descendant combinators reach into shadow roots, as in Playwright: one part at a time.
        for (const part of step.selector.match(/(?:[^\s[\]"']+|\[[^\]]*\]|"[^"]*"|'[^']*')+/g) ?? []) {
          current = inside().filter((element) => element.matches(part));
        }
      } else if (step.kind === 'role') {
        current = inside().filter((element) => {
          const role = roleOf(element);
          if (role !== step.role || hiddenFromAssistiveTech(element)) return false;
          return step.name === undefined || matches(nameOf(element, role), step.name, step.exact);
        });
      } else if (step.kind === 'label') {
        current = inside().filter((element) =>
          labelsOf(element).some((label) => matches(label, step.text, step.exact)),
        );
      } else if (step.kind === 'text') {
        const found = inside().filter((element) => matches(textOf(element), step.text, step.exact));
        // The innermost elements that hold the text, not every ancestor around them.
        current = found.filter(
          (element) => !found.some((other) => other !== element && holds(element, other)),
        );
      } else if (step.kind === 'hasText') {
        current = current.filter((element) => matches(textOf(element), step.text));
      } else if (step.kind === 'nth') {
        const element = current.at(step.index);
        current = element ? [element] : [];
      } else {
        current = [...new Set([...current, ...run(step.other)])];
      }
    }
    return /** @type {Element[]} */ (current);
  };

  const found = run(steps);
  if (action === 'elements') return found;
  if (action === 'count') return found.length;
  if (action === 'innerTexts') return found.map((element) => /** @type {HTMLElement} */ (element).innerText);
  if (action === 'state') {
    if (found.length > 1) return { error: 'strict', count: found.length };
    if (arg === 'attached') return found.length === 1;
    if (arg === 'detached') return found.length === 0;
    const shown = found.length === 1 && visible(found[0]);
    // Enabled, as Playwright waits for before it clicks or types.
    if (arg === 'enabled') return shown && !(/** @type {HTMLInputElement} */ (found[0]).disabled);
    return arg === 'hidden' ? !shown : shown;
  }
  // The rest need exactly one element, as Playwright's strict locators do.
  if (found.length !== 1) return { error: found.length === 0 ? 'missing' : 'strict', count: found.length };
  const element = /** @type {HTMLInputElement} */ (found[0]);
  if (action === 'element') return element;
  if (action === 'inputValue') return element.value;
  if (action === 'innerText') return element.innerText;
  if (action === 'innerHTML') return element.innerHTML;
  if (action === 'getAttribute') return element.getAttribute(arg ?? '');
  if (action === 'isChecked') return element.checked ?? element.getAttribute('aria-checked') === 'true';
  const option = Array.from(/** @type {HTMLSelectElement} */ (found[0]).options ?? []).find(
    (candidate) => normalize(candidate.label) === normalize(arg ?? ''),
  );
  return option ? option.value : { error: 'missing', count: 0 };
}
