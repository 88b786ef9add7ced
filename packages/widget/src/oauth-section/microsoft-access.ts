import { html, nothing, type TemplateResult } from 'lit';
import { renderChoice } from '../form/controls.js';
import type { FormState } from '../form/form-context.js';
import { signsInAsApp } from '../form/form-values.js';
import type { MicrosoftStrings } from '../localize/microsoft-strings.js';

/** Microsoft's two choices: how mail is sent (SMTP or Microsoft Graph) and how the app signs in. */
export function renderMicrosoftChoices(form: FormState, t: MicrosoftStrings) {
  return html`${renderChoice(form, 'sendingMethod', t.sendingMethod, t.sendingMethods)}
    ${renderChoice(form, 'signIn', t.signIn, t.signIns)}`;
}

/**
 * What the admin must set up in Microsoft's tenant for the choices made: for Application sign-in the
 * permission to grant and how to restrict the app to the sending mailbox, with the Client ID and From
 * Email filled into the commands, each with the button `copy` renders (named after its cmdlet); for
 * Delegated sign-in through Graph, the permission "Get Refresh Token" asks for.
 */
export function renderGuidance(
  form: FormState,
  t: MicrosoftStrings,
  copy: (text: string, label: string) => TemplateResult | typeof nothing,
) {
  const { sendingMethod, clientId, fromEmail } = form.values;
  if (!signsInAsApp(form.values)) {
    return sendingMethod === 'graph'
      ? html`<p id="graph-note" part="hint">${t.graphDelegatedNote}</p>`
      : nothing;
  }
  return html`<div part="guidance">
    <p>${t.appGuidance}</p>
    <ol>
      <li>${t.appPermission[sendingMethod]}</li>
      <li>${t.appRestrict[sendingMethod]}
        ${t
          .appCommands(sendingMethod, clientId.trim(), fromEmail.trim())
          .map(
            (command) =>
              html`<pre><code>${command}</code></pre>${copy(command, command.split(' ')[0] ?? command)}`,
          )}
      </li>
    </ol>
  </div>`;
}
