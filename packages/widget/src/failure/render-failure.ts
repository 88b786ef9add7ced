import type { DeliveryFailure, TestFailure } from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import type { FailureStrings } from '../localize/failure-strings.js';
import { renderServerText } from '../localize/server-text.js';

/**
 * Renders a classified failure under `heading`: its stable code, what happened, the server's reply and
 * what to do. A Test's failure and a delivery attempt's look the same, as they are the same words.
 * A `verdict` heading is focusable, so it can take focus and scroll into view on a narrow screen.
 */
export function renderFailure(
  failure: TestFailure | DeliveryFailure,
  t: FailureStrings,
  heading: string,
  { verdict = false }: { verdict?: boolean } = {},
): TemplateResult {
  return html`<p class="failed" part=${verdict ? 'verdict' : nothing} tabindex=${verdict ? -1 : nothing}><strong>${heading}</strong>
      <code part="error-code">${failure.code}</code>
      ${renderServerText(t, { text: failure.message, key: failure.messageKey, params: failure.params })}</p>
    ${
      failure.serverReply
        ? html`<p>${t.serverReply} <code part="server-reply" lang="en">${failure.serverReply}</code></p>`
        : nothing
    }
    <p>${t.hint} ${renderServerText(t, { text: failure.hint, key: failure.hintKey, params: failure.params })}</p>`;
}
