import type { ReactiveController, ReactiveControllerHost } from 'lit';

const FOCUSABLE = 'input, select, button, a[href]';

/**
 * Keeps keyboard focus in the form when the control holding it goes away: a "Cancel test" once the
 * test ends, a "Clear" once used, a "Check again" once signed in. Focus moves to the control before
 * it instead of falling back to the page, where a keyboard or screen-reader user would start over.
 *
 * @example
 * ```ts
 * class MyForm extends LitElement {
 *   constructor() {
 *     super();
 *     new FocusRescue(this); // registers itself as a controller of the form
 *   }
 * }
 * ```
 */
export class FocusRescue implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** The control holding focus, and the one before it as of the last change to the form it survived. */
  #held?: HTMLElement;
  #previous?: HTMLElement;
  // Firefox fires no focusout for a focused control that is removed, Chromium does: only watching the
  // form's nodes sees the removal in both.
  readonly #observer = new MutationObserver(() => this.#check());

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.#host.shadowRoot;
    if (!root) return;
    // On the shadow root, not the host: a move between two controls inside it never reaches the host,
    // whose focus did not change.
    root.addEventListener('focusin', this.#handleFocusIn);
    root.addEventListener('focusout', this.#handleFocusOut);
    this.#observer.observe(root, { childList: true, subtree: true });
  }

  hostDisconnected(): void {
    this.#host.shadowRoot?.removeEventListener('focusin', this.#handleFocusIn);
    this.#host.shadowRoot?.removeEventListener('focusout', this.#handleFocusOut);
    this.#observer.disconnect();
  }

  #check(): void {
    const held = this.#held;
    if (!held) return;
    if (held.isConnected) {
      // Found now, while the control is still in place; once it is removed its neighbour is unknown.
      const focusables = this.#focusables();
      this.#previous = focusables[focusables.indexOf(held) - 1];
      return;
    }
    this.#held = undefined;
    if (document.activeElement !== document.body) return;
    (this.#previous?.isConnected ? this.#previous : this.#focusables()[0])?.focus();
  }

  readonly #handleFocusIn = (event: Event) => {
    this.#held = event.composedPath()[0] as HTMLElement;
    this.#check();
  };

  readonly #handleFocusOut = (event: Event) => {
    const left = event.composedPath()[0] as HTMLElement;
    // Still in place once the code that moved focus is done: the admin moved on (or clicked the page).
    // Chromium blurs a control it removes while it is still in place, but removes it before this runs.
    queueMicrotask(() => {
      if (left === this.#held && left.isConnected) this.#held = undefined;
    });
  };

  #focusables(): HTMLElement[] {
    return [...(this.#host.shadowRoot?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
  }
}
