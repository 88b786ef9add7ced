import { html, type TemplateResult } from 'lit';

/** What an in-page confirmation asks, and what its buttons say and do. */
export interface Confirmation {
  /** The question, e.g. "Send this message again?". */
  question: string;
  /** The button that goes ahead, named after the action (e.g. "Resend"). */
  confirm: string;
  /** The button that declines. */
  cancel: string;
  /** Goes ahead. */
  onConfirm: () => void;
  /** Declines; Escape does the same. */
  onCancel: () => void;
}

/**
 * Renders a confirmation in place of the button that asked for it: the question, then the action and
 * Cancel. Not `window.confirm`, which a host page cannot style and some embedders block.
 */
export function renderConfirm(c: Confirmation): TemplateResult {
  return html`<div part="confirm" role="group" aria-labelledby="confirm-question">
    <p id="confirm-question">${c.question}</p>
    <div class="row">
      <button type="button" part="button confirm-button" class="primary" @click=${c.onConfirm}>${c.confirm}</button>
      <button type="button" part="button" @click=${c.onCancel}>${c.cancel}</button>
    </div>
  </div>`;
}
