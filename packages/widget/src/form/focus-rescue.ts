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

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('focusout', this.#handleFocusOut);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('focusout', this.#handleFocusOut);
  }

  readonly #handleFocusOut = (event: FocusEvent) => {
    if (event.relatedTarget) return;
    const left = event.composedPath()[0] as HTMLElement;
    // Removing a focused control blurs it while it is still in place, so its neighbour is found now.
    const focusables = this.#focusables();
    const previous = focusables[focusables.indexOf(left) - 1];
    // Whether it was removed, or the admin clicked the page, shows once the removal is done.
    setTimeout(() => {
      if (left.isConnected || document.activeElement !== document.body) return;
      (previous?.isConnected ? previous : this.#focusables()[0])?.focus();
    });
  };

  #focusables(): HTMLElement[] {
    return [...(this.#host.shadowRoot?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
  }
}
