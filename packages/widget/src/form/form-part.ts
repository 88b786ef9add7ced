import { LitElement, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '../context/context-controllers.js';
import { type FormState, formContext } from './form-context.js';

/**
 * Base of the elements `<smtp-settings>` is built from. They render into the element's own shadow
 * root, so one stylesheet, `<label for>`, `aria-describedby` and `::part()` work across all of them,
 * and they read the form state from {@link formContext}.
 */
export abstract class FormPart extends LitElement {
  static override properties: PropertyDeclarations = { form: { state: true } };

  /** The form state, from the `<smtp-settings>` around this part. */
  protected form?: FormState;

  constructor() {
    super();
    new ContextConsumer(this, {
      context: formContext,
      callback: (form) => {
        this.form = form;
      },
    });
  }

  protected override createRenderRoot() {
    return this;
  }

  // A host waiting for this part also waits for the parts inside it, as one form.
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this);
    return done;
  }
}

/** Waits until every part inside `root` has rendered its latest state. */
export async function settled(root: ParentNode): Promise<void> {
  const parts = [...root.querySelectorAll('*')].filter((node): node is FormPart => node instanceof FormPart);
  await Promise.all(parts.map((part) => part.updateComplete));
}

/** Registers a part under `tag` unless an element (another copy of the package) already has it. */
export function definePart(tag: string, part: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, part);
}
