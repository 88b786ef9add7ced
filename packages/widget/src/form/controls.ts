import type { ServerNotice } from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { translateFieldMessage } from '../localize/field-message.js';
import { renderServerText } from '../localize/server-text.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';
import type { FormState } from './form-context.js';
import { request } from './form-requests.js';
import type { FormValues } from './form-values.js';

/** A form value picked from a group of radio buttons. */
export type ChoiceField = 'authType' | 'provider' | 'sendingMethod' | 'signIn';

/** A form value edited in a text-like input. */
export type TextField = Exclude<keyof FormValues, ChoiceField | 'security' | 'allowInvalidCertificate'>;

/** How an input is set up: its type, autocomplete, input mode and hint under it. */
export interface InputOptions {
  /** The input's `type`; `text` by default. */
  type?: string;
  /** Its `autocomplete`. */
  autocomplete?: string;
  /** Its `inputmode`. */
  inputmode?: string;
  /** Help under the control. */
  hint?: unknown;
  /** Whether the field may stay empty; its label then says "(optional)". */
  optional?: boolean;
}

/** The `input` listener of each control of the form: what the admin did, as a request with the new value. */
export function fieldInput(event: Event): void {
  const control = event.target as HTMLInputElement;
  const value = control.type === 'checkbox' ? control.checked : control.value;
  request(control, 'smtp-field-input', { name: control.name, value });
}

/** The ids a control is described by: its hint, when it has one, and its error. */
export function describedBy(name: string, hint: unknown): string {
  return hint ? `${name}-hint ${name}-error` : `${name}-error`;
}

/** A form value's labelled input with its hint and error. */
export function renderInput(form: FormState, name: TextField, label: string, options: InputOptions = {}) {
  return renderField(form, name, label, form.values[name], options);
}

/** A labelled input named `name` showing `value`, with its hint and error. */
export function renderField(
  form: FormState,
  name: string,
  label: string,
  value: string,
  { type = 'text', autocomplete, inputmode, hint, optional }: InputOptions,
) {
  return renderControl(
    form,
    name,
    optional ? html`${label} <span class="muted">${form.t.optional}</span>` : label,
    html`<input id=${name} name=${name} part="input" type=${type} .value=${live(value)} @input=${fieldInput}
      autocomplete=${autocomplete ?? nothing} inputmode=${inputmode ?? nothing} spellcheck="false"
      aria-describedby=${describedBy(name, hint)} aria-invalid=${form.errors[name] ? 'true' : 'false'} />`,
    hint,
  );
}

/** A labelled select of `[value, text]` options with its hint and error. */
export function renderSelect(
  form: FormState,
  name: string,
  label: string,
  options: ReadonlyArray<readonly [string, string]>,
  selected: string,
  hint?: unknown,
) {
  return renderControl(
    form,
    name,
    label,
    html`<select id=${name} name=${name} part="select" @input=${fieldInput} aria-describedby=${describedBy(name, hint)}
      aria-invalid=${form.errors[name] ? 'true' : 'false'}>
      ${options.map(([value, text]) => html`<option value=${value} .selected=${value === selected}>${text}</option>`)}
    </select>`,
    hint,
  );
}

/** The field around a control: its label, the hint and the error container that alerts only while it has text. */
export function renderControl(
  form: FormState,
  name: string,
  label: unknown,
  control: TemplateResult,
  hint: unknown,
) {
  return html`<div part="field" class="field">
    <label for=${name} part="label">${label}</label>
    ${control}
    ${hint ? html`<div id="${name}-hint" part="hint">${hint}</div>` : nothing}
    ${renderError(form, name)}
  </div>`;
}

/** The error container of the field `name`, which alerts only while it has text. */
function renderError(form: FormState, name: string) {
  const error = form.errors[name];
  // The failed test's verdict says it already: the field it blames is marked and read with it, not alerted.
  const alert = error && error !== form.t.testBlamed;
  return html`<div id="${name}-error" part="error" role=${alert ? 'alert' : nothing}>${error && translateFieldMessage(form.t, error)}</div>`;
}

/** Warnings the adapter wrote, as a list, each in the admin's language when `strings` translates it. */
export function renderWarnings(t: SmtpSettingsStrings, warnings: readonly ServerNotice[]) {
  return warnings.length > 0
    ? html`<ul part="warning" class="warning">${warnings.map(
        ({ message, messageKey, params }) =>
          html`<li>${renderServerText(t, { text: message, key: messageKey, params })}</li>`,
      )}</ul>`
    : nothing;
}

/** A group of radio buttons for a choice such as `authType`, from value → text, with its error. */
export function renderChoice(
  form: FormState,
  name: ChoiceField,
  legend: string,
  choices: Record<string, string>,
) {
  return html`<fieldset part="fieldset">
    <legend part="label">${legend}</legend>
    ${Object.entries(choices).map(
      ([value, text]) => html`<label class="choice">
        <input type="radio" part="radio" name=${name} value=${value} .checked=${live(form.values[name] === value)}
          @input=${fieldInput} aria-describedby="${name}-error" aria-invalid=${form.errors[name] ? 'true' : 'false'} />
        ${text}
      </label>`,
    )}
    ${renderError(form, name)}
  </fieldset>`;
}
