import type { SecretField } from '@smtp-settings/schema';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { describedBy, fieldInput, renderControl } from '../form/controls.js';
import { FormPart } from '../form/form-part.js';
import { request } from '../form/form-requests.js';
import { flowOf, type SecretEdit } from '../form/form-values.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';

/**
 * A secret of the form (password, client secret, refresh token): never prefilled, "saved" when the
 * server holds one, typing replaces it, Clear removes it, Show (once something is typed) reveals it.
 */
export class SecretFieldElement extends FormPart {
  static override properties = { field: {}, extra: { attribute: false }, shown: { state: true } };

  /** Which secret; its label is the string of the same name. */
  field: SecretField = 'password';

  /** Controls after the input and its buttons, such as "Get Refresh Token". */
  extra: unknown = nothing;

  private shown = false;

  protected override render(): unknown {
    const { form, field } = this;
    if (!form) return nothing;
    const { t } = form;
    const label = t[field];
    const edit = form.secrets[field];
    // A refresh token from a finished sign-in is held by the server until Save, not saved yet.
    const obtained = field === 'refreshToken' && flowOf(form.values, form.secrets) !== undefined;
    const saved = form.savedSecrets[field] || obtained;
    // An error on a saved secret (it cannot be kept, or no longer decrypts) asks for it instead of "saved".
    const hint = this.#hint(form.t, edit, obtained, saved && !form.errors[field]);
    return renderControl(
      form,
      field,
      label,
      html`<div class="row">
        <input id=${field} name=${field} part="input" type=${this.shown ? 'text' : 'password'} .value=${live(edit.value)} @input=${fieldInput}
          autocomplete="new-password" spellcheck="false" aria-describedby=${describedBy(field, hint)}
          aria-invalid=${form.errors[field] ? 'true' : 'false'} />
        ${
          // Only what was typed can be shown: a saved secret never comes back to the browser.
          edit.value
            ? html`<button type="button" part="button" aria-label=${this.shown ? t.hideLabel(label) : t.showLabel(label)}
              @click=${() => (this.shown = !this.shown)}>${this.shown ? t.hide : t.show}</button>`
            : nothing
        }
        ${
          saved && !edit.value
            ? html`<button type="button" part="button" aria-label=${edit.clear ? t.keepSaved : t.clearLabel(label)}
              @click=${() => request(this, 'smtp-secret-clear', { field })}>${edit.clear ? t.keepSaved : t.clear}</button>`
            : nothing
        }
        ${this.extra}
      </div>`,
      hint,
    );
  }

  // What an empty input stands for; a typed value needs no hint.
  #hint(t: SmtpSettingsStrings, edit: SecretEdit, obtained: boolean, saved: boolean): string | undefined {
    if (edit.value) return undefined;
    if (edit.clear) return t.secretCleared;
    if (obtained) return t.secretObtained;
    if (saved) return t.secretSaved;
    return this.field === 'refreshToken' ? t.refreshTokenHint : undefined;
  }
}
