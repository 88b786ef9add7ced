/**
 * Records what a screen reader would say unasked inside a shadow root: each time a live region
 * (`role="status"`, `role="alert"` or `aria-live`) gets new, non-empty text, and each time focus moves
 * onto an element that is no control (a verdict or heading focused by script is read out whole).
 *
 * @module
 */

/** One thing a screen reader would say: through a live region, or because focus moved there. */
export interface Announcement {
  via: 'live' | 'focus';
  text: string;
}

const LIVE = '[role="status"], [role="alert"], [aria-live]:not([aria-live="off"])';
const CONTROL = 'input, select, textarea, button, a[href], summary';

const words = (node: Node) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * Starts recording in `root`; `list` holds what was said so far, oldest first, and `stop` ends the
 * recording. A region's text counts once per change, however many DOM mutations made it.
 */
export function recordAnnouncements(root: ShadowRoot): { list: Announcement[]; stop: () => void } {
  const list: Announcement[] = [];
  const said = new Map<Element, string>();
  const read = () => {
    for (const region of root.querySelectorAll(LIVE)) {
      const text = words(region);
      if (text !== (said.get(region) ?? '') && text !== '') list.push({ via: 'live', text });
      said.set(region, text);
    }
    // A region that lost its role or left the DOM starts empty when it comes back.
    for (const region of said.keys()) if (!region.isConnected || !region.matches(LIVE)) said.delete(region);
  };
  for (const region of root.querySelectorAll(LIVE)) said.set(region, words(region));
  const observer = new MutationObserver(read);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  const onFocus = (event: Event) => {
    const target = event.target as Element;
    if (!target.matches(CONTROL)) list.push({ via: 'focus', text: words(target) });
  };
  root.addEventListener('focusin', onFocus);
  return {
    list,
    stop: () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocus);
    },
  };
}
