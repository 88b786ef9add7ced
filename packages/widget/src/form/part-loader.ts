import type { ReactiveControllerHost } from 'lit';
import { definePart } from './form-part.js';

/** A part's code as a dynamic `import()`, so a bundler keeps it in a chunk of its own. */
export type PartImport = () => Promise<CustomElementConstructor>;

/**
 * Loads the parts of the form a first render does not need (such as the OAuth fields) the first time
 * one is needed, so a page downloads their code only then. The host renders a placeholder while
 * {@link PartLoader.has} says no, and updates once the part is defined.
 */
export class PartLoader {
  readonly #host: ReactiveControllerHost;
  readonly #onError: (error: unknown) => void;
  readonly #loading = new Map<string, Promise<void>>();
  /** Parts whose code could not be loaded: not asked for again on every render, only after {@link retry}. */
  readonly #failed = new Set<string>();

  /** `onError` hears of a part whose code could not be loaded. */
  constructor(host: ReactiveControllerHost, onError: (error: unknown) => void) {
    this.#host = host;
    this.#onError = onError;
  }

  /** Whether the part `tag` is defined; when it is not, starts loading it and updates the host once it is. */
  has(tag: string, load: PartImport): boolean {
    if (customElements.get(tag)) return true;
    if (!this.#loading.has(tag) && !this.#failed.has(tag)) this.load(tag, load).catch(this.#onError);
    return false;
  }

  /** Defines the part `tag` from its code, loading it once at a time; rejects when it cannot be loaded. */
  load(tag: string, load: PartImport): Promise<void> {
    let loading = this.#loading.get(tag);
    if (!loading) {
      this.#failed.delete(tag);
      loading = load()
        .then(
          (part) => {
            definePart(tag, part);
            this.#host.requestUpdate();
          },
          (error: unknown) => {
            this.#failed.add(tag);
            throw error;
          },
        )
        .finally(() => this.#loading.delete(tag));
      this.#loading.set(tag, loading);
    }
    return loading;
  }

  /** Lets the parts that failed to load be asked for again, such as when the admin reloads the form. */
  retry(): void {
    this.#failed.clear();
  }

  /** Waits for the parts still loading; whether there were any. */
  async settle(): Promise<boolean> {
    if (this.#loading.size === 0) return false;
    await Promise.allSettled(this.#loading.values());
    return true;
  }
}
