import type { Security, SettingsResponse, SmtpPreset } from '@smtp-settings/schema';
import { html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { fieldInput, renderInput, renderSelect } from '../form/controls.js';
import type { FormState } from '../form/form-context.js';
import { FormPart } from '../form/form-part.js';
import { type FormRequestEvent, request } from '../form/form-requests.js';
import type { FormValues } from '../form/form-values.js';
import { serverText } from '../localize/server-text.js';

const SECURITY_OF_PORT: Partial<Record<string, Security>> = { 25: 'starttls', 465: 'tls', 587: 'starttls' };

/** The preset whose server and port the values use, so saved settings show the preset they came from. */
function presetOf(presets: readonly SmtpPreset[], { host, port }: FormValues): SmtpPreset | undefined {
  const server = host.trim().toLowerCase();
  return presets.find(
    (preset) => preset.host.toLowerCase() === server && String(preset.port) === port.trim(),
  );
}

/**
 * The Basic authentication fields: preset, server, port, connection security (which a preset or a
 * well-known port suggests but never silently overrides), user name, password, invalid certificate.
 */
export class BasicSectionElement extends FormPart {
  static override properties = { preset: { state: true }, suggested: { state: true } };

  private preset?: SmtpPreset;
  private suggested?: Security;

  #securityChosen = false;
  #loaded?: SettingsResponse;

  constructor() {
    super();
    // The picker is this part's own control: the form stores no preset, only the values it fills in.
    this.addEventListener('smtp-field-input', (event) => {
      const { name, value } = (event as FormRequestEvent<'smtp-field-input'>).detail;
      if (name === 'preset') this.#applyPreset(String(value));
    });
  }

  protected override willUpdate(changed: PropertyValues) {
    const { form } = this;
    if (!changed.has('form') || !form) return;
    // New saved settings (a load or a save) start the suggestions over, with the preset they match.
    if (form.saved !== this.#loaded) {
      this.#loaded = form.saved;
      this.preset = presetOf(form.meta.presets, form.values);
      this.suggested = undefined;
      this.#securityChosen = form.saved?.settings?.authType === 'basic' || form.edited.has('security');
      return;
    }
    // Read from the state the form stored it in, so no render of this part ever shows a value typed over.
    const before = changed.get('form') as FormState | undefined;
    if (before && form.typed && form.typed !== before.typed) this.#afterTyping(form.typed.field, form.values);
  }

  protected override render(): unknown {
    const { form } = this;
    if (!form) return nothing;
    const { t, values } = form;
    const presets = form.meta.presets;
    const suggested = this.suggested;
    // The risk reads as a plain hint until the box is ticked, then as a warning.
    const risky = values.allowInvalidCertificate;
    return html`
      ${
        presets.length > 0
          ? renderSelect(
              form,
              'preset',
              t.preset,
              [
                ['', t.presetCustom],
                ...presets.map(
                  (preset) =>
                    [preset.id, serverText(t, { text: preset.label, key: preset.labelKey })] as const,
                ),
              ],
              this.preset?.id ?? '',
              this.preset?.note && serverText(t, { text: this.preset.note, key: this.preset.noteKey }),
            )
          : nothing
      }
      ${renderInput(form, 'host', t.host, { autocomplete: 'off' })}
      ${renderInput(form, 'port', t.port, { inputmode: 'numeric', autocomplete: 'off' })}
      ${renderSelect(
        form,
        'security',
        t.security,
        (['tls', 'starttls', 'none'] as const).map((security) => [security, t.securities[security]] as const),
        values.security,
        suggested &&
          html`${t.securitySuggestion(t.securities[suggested])}
            <button type="button" part="button" @click=${() => this.#setSecurity(suggested)}>
              ${t.applySecurity(t.securities[suggested])}
            </button>`,
      )}
      ${renderInput(form, 'username', t.username, { autocomplete: 'off' })}
      <smtp-settings-secret field="password"></smtp-settings-secret>
      <div part="field" class="field">
        <div class="row">
          <input type="checkbox" id="allowInvalidCertificate" name="allowInvalidCertificate" part="checkbox"
            .checked=${live(values.allowInvalidCertificate)} @input=${fieldInput} aria-describedby="allowInvalidCertificate-hint" />
          <label for="allowInvalidCertificate" part="label">${t.allowInvalidCertificate}</label>
        </div>
        <div id="allowInvalidCertificate-hint" part=${risky ? 'hint warning' : 'hint'} class=${risky ? 'warning' : ''}>
          ${t.allowInvalidCertificateHint}
        </div>
      </div>`;
  }

  #afterTyping(field: string, values: FormValues) {
    if (field === 'security') {
      this.#securityChosen = true;
      this.suggested = undefined;
    }
    if (field === 'port') this.#suggest(SECURITY_OF_PORT[values.port.trim()], values.security);
    // Once the server fields are edited by hand they no longer are the preset's.
    if (field === 'host' || field === 'port') this.preset = undefined;
  }

  #applyPreset(id: string) {
    const form = this.form;
    const preset = form?.meta.presets.find((candidate) => candidate.id === id);
    this.preset = preset;
    if (!form || !preset) return;
    // A preset fills the security only while the admin has not picked one; afterwards it only suggests.
    const security = this.#securityChosen ? form.values.security : preset.security;
    // Its fixed user name only fills an empty field: a name the admin typed stays.
    const username = form.values.username || preset.username || '';
    const changes = { host: preset.host, port: String(preset.port), security, username };
    request(this, 'smtp-field-edit', { changes, field: 'preset', commit: false });
    this.#suggest(preset.security, security);
  }

  #setSecurity(security: Security) {
    this.suggested = undefined;
    request(this, 'smtp-field-edit', { changes: { security }, field: 'security', commit: true });
  }

  #suggest(security: Security | undefined, current = this.form?.values.security) {
    this.suggested = security !== current ? security : undefined;
  }
}
