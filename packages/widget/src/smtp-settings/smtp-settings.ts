import { consume } from '@lit/context';
import { initialState, Task, TaskStatus } from '@lit/task';
import type {
  MetaResponse,
  OAuthFlowResponse,
  OAuthProvider,
  OAuthStartRequest,
  SecretField,
  Security,
  SettingsResponse,
  SmtpPreset,
  SmtpSettingsDraftInput,
  TestResponse,
} from '@smtp-settings/schema';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { createClient, type SmtpSettingsClient } from '../api/client.js';
import { ApiRequestError } from '../api/errors.js';
import { waitForFlow } from '../api/oauth-popup.js';
import { PopupClosedError } from '../api/popup-closed-error.js';
import { getFlow, getMeta, getSettings, putSettings, runTest, startOAuth } from '../api/requests.js';
import { smtpSettingsClientContext } from '../context.js';
import { SmtpSettingsChangeEvent } from '../events/smtp-settings-change.js';
import { type SmtpSettingsErrorDetail, SmtpSettingsErrorEvent } from '../events/smtp-settings-error.js';
import { SmtpSettingsLoadEvent } from '../events/smtp-settings-load.js';
import { SmtpSettingsSaveEvent } from '../events/smtp-settings-save.js';
import { SmtpSettingsTestEvent } from '../events/smtp-settings-test.js';
import { en } from '../localize/en.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';
import {
  type FormValues,
  isSecretSaved,
  type SecretEdits,
  toDraft,
  untouchedSecrets,
  valuesFrom,
} from './form-values.js';
import { styles } from './smtp-settings.styles.js';
import { renderTestProgress, renderTestResult } from './test-result.js';
import { validateDraft, validateField } from './validate.js';

type TextField = Exclude<keyof FormValues, 'authType' | 'provider' | 'security' | 'allowInvalidCertificate'>;
type Loaded = { meta: MetaResponse; settings: SettingsResponse };
type Tested = { draft: string; result: TestResponse };
type Notice = { message: string; reload?: boolean };

const SECURITY_OF_PORT: Partial<Record<string, Security>> = { 25: 'starttls', 465: 'tls', 587: 'starttls' };
const SECRETS: readonly SecretField[] = ['password', 'clientSecret', 'refreshToken'];

/**
 * The admin form for a web application's outgoing mail: Basic or OAuth (Microsoft, Google) SMTP
 * settings, a staged connection test, and a save that needs a passing test of the same values.
 *
 * @summary Outgoing mail (SMTP) settings form backed by the smtp-settings adapter.
 *
 * @fires smtp-settings-load - The saved settings loaded; `detail` is the `SettingsResponse`.
 * @fires smtp-settings-change - The admin changed a field; `detail` is `{ field, dirty }`.
 * @fires smtp-settings-test - A connection test finished; `detail` is the `TestResponse`.
 * @fires smtp-settings-save - The settings were saved; `detail` is the new `SettingsResponse`.
 * @fires smtp-settings-error - Loading, testing, saving or signing in failed; `detail` is `{ action, code, message }`.
 *
 * @csspart form - The form element.
 * @csspart fieldset - A group of choices (authentication type, provider).
 * @csspart field - The wrapper of one label, control, hint and error.
 * @csspart label - A field label or group legend.
 * @csspart input - A text, password, date or URL input.
 * @csspart select - A select (preset, connection security).
 * @csspart checkbox - The invalid-certificate checkbox.
 * @csspart radio - A radio button.
 * @csspart hint - Help text under a control.
 * @csspart error - A field's validation message.
 * @csspart warning - A warning (invalid certificate, token health, test warnings).
 * @csspart button - Every button.
 * @csspart test-button - The Test button.
 * @csspart save-button - The Save button.
 * @csspart connection - The "Connected as …" line of an OAuth refresh token.
 * @csspart test-result - The test progress and result area.
 * @csspart stage - One test stage; also `stage-ok` or `stage-failed`.
 * @csspart server-reply - The server's reply to a failed test.
 * @csspart actions - The Test and Save row.
 * @csspart dirty - The "Unsaved changes" indicator.
 * @csspart alert - Form-level errors, such as a version conflict.
 * @csspart status - The polite status area ("Saved", "Copied").
 *
 * @cssprop --smtp-settings-font-family - Font of the form; inherits the host's by default.
 * @cssprop --smtp-settings-text-color - Text color.
 * @cssprop --smtp-settings-muted-color - Hint and secondary text color.
 * @cssprop --smtp-settings-background - Background of inputs and panels.
 * @cssprop --smtp-settings-border-color - Border color of inputs and panels.
 * @cssprop --smtp-settings-accent-color - Primary buttons, focus ring and selection.
 * @cssprop --smtp-settings-on-accent-color - Text on the accent color.
 * @cssprop --smtp-settings-error-color - Errors and failed stages.
 * @cssprop --smtp-settings-success-color - Passed stages and results.
 * @cssprop --smtp-settings-warning-color - Warnings.
 * @cssprop --smtp-settings-radius - Corner radius of inputs, buttons and panels.
 * @cssprop --smtp-settings-spacing - Base spacing unit.
 *
 * @cssstate dirty - The form differs from the saved settings.
 * @cssstate tested - The current values passed a connection test.
 * @cssstate testing - A connection test is running.
 * @cssstate saving - A save is in flight.
 */
export class SmtpSettingsElement extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  private readonly internals = this.attachInternals();

  private readonly loadTask = new Task(this, {
    args: () => [this.contextClient ?? this.ownClient] as const,
    task: async ([client], { signal }): Promise<Loaded | typeof initialState> => {
      if (!client) return initialState;
      const [meta, settings] = await Promise.all([getMeta(client, signal), getSettings(client, signal)]);
      return { meta, settings };
    },
    onComplete: (loaded) => {
      this.meta = loaded.meta;
      this.reset(loaded.settings);
      this.tested = undefined;
      // Reloaded values were never tested: running without a draft returns the test panel to its initial state.
      if (this.testTask.status !== TaskStatus.INITIAL) void this.testTask.run([undefined]);
      this.notice = undefined;
      this.emit(new SmtpSettingsLoadEvent(loaded.settings));
    },
    onError: (error) => this.fail('load', error),
  });

  private readonly testTask = new Task(this, {
    autoRun: false,
    task: async (
      [client, draft, sendTo]: readonly [SmtpSettingsClient | undefined, SmtpSettingsDraftInput?, string?],
      { signal },
    ): Promise<Tested | typeof initialState> => {
      this.stages = [];
      if (!client || !draft) return initialState;
      const result = await runTest(
        client,
        { settings: draft, ...(sendTo && { sendTo }) },
        { onStage: (stage) => (this.stages = [...this.stages, stage]), signal },
      );
      return { draft: JSON.stringify(draft), result };
    },
    onComplete: (tested) => {
      this.tested = tested;
      this.emit(new SmtpSettingsTestEvent(tested.result));
    },
    onError: (error) => this.fail('test', error),
  });

  private readonly saveTask = new Task(this, {
    autoRun: false,
    task: (
      [client, settings, version, receipt]: readonly [
        SmtpSettingsClient,
        SmtpSettingsDraftInput,
        number,
        string?,
      ],
      { signal },
    ) => putSettings(client, { settings, version, ...(receipt && { receipt }) }, signal),
    onComplete: (saved) => {
      this.reset(saved);
      this.status = this.t.saved;
      this.emit(new SmtpSettingsSaveEvent(saved));
    },
    onError: (error) => this.fail('save', error),
  });

  private readonly oauthTask = new Task(this, {
    autoRun: false,
    task: async (
      [client, provider, body, popup]: readonly [
        SmtpSettingsClient,
        OAuthProvider,
        OAuthStartRequest,
        Window | null,
      ],
      { signal },
    ) => {
      this.blockedUrl = undefined;
      this.closedFlowId = undefined;
      let flowId: string | undefined;
      try {
        const started = await startOAuth(client, provider, body, signal);
        flowId = started.flowId;
        if (popup) popup.location = started.authorizeUrl;
        else this.blockedUrl = started.authorizeUrl;
        return await waitForFlow({ client, flowId, popup, signal });
      } catch (error) {
        popup?.close();
        // An identity provider's opener policy can make a live window look closed: let the admin ask the server.
        if (error instanceof PopupClosedError) this.closedFlowId = flowId;
        throw error;
      }
    },
    onComplete: (flow) => this.handleFlow(flow),
    onError: (error) => this.fail('oauth', error),
  });

  /** URL the adapter is mounted at, such as `/api/smtp`; used when no `smtpSettingsClientContext` provider is above the element. */
  @property() endpoint?: string;

  /** BCP 47 language tag for dates and the form's `lang`; the page's language when unset. */
  @property() locale?: string;

  /** Replacements for any of the English texts, such as `{ save: 'Speichern' }`. */
  @property({ attribute: false }) strings: Partial<SmtpSettingsStrings> = {};

  /** Address the connection test sends a real message to; the admin can change it in "Send test email to". */
  @property({ attribute: 'send-test-to' }) sendTestTo = '';

  @consume({ context: smtpSettingsClientContext, subscribe: true })
  @state()
  private contextClient?: SmtpSettingsClient;

  @state() private values: FormValues = valuesFrom(null, 'microsoft');
  @state() private secrets: SecretEdits = untouchedSecrets();
  @state() private revealed: Partial<Record<SecretField, boolean>> = {};
  @state() private errors: Record<string, string> = {};
  @state() private notice?: Notice;
  @state() private status = '';
  @state() private suggestedSecurity?: Security;
  @state() private preset?: SmtpPreset;
  @state() private oauthMessage?: string;
  @state() private closedFlowId?: string;
  @state() private blockedUrl?: string;
  @state() private stages: TestResponse['stages'] = [];
  @state() private tested?: Tested;

  private ownClient?: SmtpSettingsClient;
  private meta?: MetaResponse;
  private saved?: SettingsResponse;
  private baseline = '';
  private securityChosen = false;
  private edited = new Set<string>();
  private t: SmtpSettingsStrings = en;

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const task of [this.loadTask, this.testTask, this.saveTask, this.oauthTask]) task.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('endpoint')) this.ownClient = this.endpoint ? createClient(this.endpoint) : undefined;
    if (changed.has('strings')) this.t = { ...en, ...this.strings };
    const states = {
      dirty: this.isDirty(),
      tested: this.isTested(),
      testing: this.busy(this.testTask),
      saving: this.busy(this.saveTask),
    };
    for (const [name, on] of Object.entries(states)) {
      if (on) this.internals.states.add(name);
      else this.internals.states.delete(name);
    }
  }

  protected override render() {
    if (!this.meta) {
      if (this.notice)
        return html`<p part="alert" role="alert">${this.notice.message}${this.renderReload()}</p>`;
      // A provider may still arrive through context, so this is a hint for the host, not a failure.
      if (!(this.contextClient ?? this.ownClient))
        return html`<p part="alert" role="alert">${this.t.noEndpoint}</p>`;
      return html`<p part="status" role="status">${this.t.loading}</p>`;
    }
    const { t, values } = this;
    const blocker = this.saveBlocker();
    const testing = this.busy(this.testTask);
    return html`<form novalidate part="form" aria-label=${t.formLabel} lang=${this.locale || nothing}
        @input=${this.handleInput} @focusout=${this.handleBlur} @submit=${this.handleSubmit}>
      ${this.renderChoice('authType', t.authType, { basic: t.basic, oauth: t.oauth })}
      ${values.authType === 'basic' ? this.renderBasic() : this.renderOAuth()}
      ${this.renderInput('fromEmail', t.fromEmail, { type: 'email', autocomplete: 'off' })}
      ${this.renderInput('fromName', t.fromName)}
      ${this.renderField('sendTo', t.sendTestTo, this.sendTestTo, { type: 'email', hint: t.sendTestToHint })}
      <div part="actions" class="row">
        <button type="button" part="button test-button" aria-disabled=${testing ? 'true' : 'false'} @click=${this.handleTest}>
          ${testing ? t.testing : t.test}
        </button>
        <button type="submit" part="button save-button" class="primary" aria-disabled=${blocker ? 'true' : 'false'}
          aria-describedby="save-reason">${this.busy(this.saveTask) ? t.saving : t.save}</button>
        <span id="save-reason" part="hint">${blocker}</span>
        ${this.isDirty() ? html`<span part="dirty">${t.unsavedChanges}</span>` : nothing}
      </div>
      <section part="test-result" aria-label=${t.testResult} aria-busy=${testing ? 'true' : 'false'}>
        ${this.testTask.render({
          pending: () => renderTestProgress(this.stages, t),
          complete: (tested) => renderTestResult(tested.result, t),
        })}
      </section>
      <div part="alert" role=${this.notice ? 'alert' : nothing}>
        ${this.notice?.message}${this.notice?.reload ? this.renderReload() : nothing}
      </div>
      <p part="status" role="status">${this.status}</p>
    </form>`;
  }

  private renderBasic() {
    const { t, values } = this;
    const presets = this.meta?.presets ?? [];
    const suggested = this.suggestedSecurity;
    return html`
      ${
        presets.length > 0
          ? this.renderSelect(
              'preset',
              t.preset,
              [['', t.presetCustom], ...presets.map((preset) => [preset.id, preset.label] as const)],
              this.preset?.id ?? '',
              this.preset?.note,
            )
          : nothing
      }
      ${this.renderInput('host', t.host, { autocomplete: 'off' })}
      ${this.renderInput('port', t.port, { inputmode: 'numeric', autocomplete: 'off' })}
      ${this.renderSelect(
        'security',
        t.security,
        (['tls', 'starttls', 'none'] as const).map((security) => [security, t.securities[security]] as const),
        values.security,
        suggested &&
          html`${t.securitySuggestion(t.securities[suggested])}
            <button type="button" part="button" @click=${() => this.setSecurity(suggested)}>
              ${t.applySecurity(t.securities[suggested])}
            </button>`,
      )}
      ${this.renderInput('username', t.username, { autocomplete: 'off' })}
      ${this.renderSecret('password', t.password)}
      <div part="field" class="field">
        <div class="row">
          <input type="checkbox" id="allowInvalidCertificate" name="allowInvalidCertificate" part="checkbox"
            .checked=${live(values.allowInvalidCertificate)} aria-describedby="allowInvalidCertificate-hint" />
          <label for="allowInvalidCertificate" part="label">${t.allowInvalidCertificate}</label>
        </div>
        <div id="allowInvalidCertificate-hint" part="hint warning" class="warning">${t.allowInvalidCertificateHint}</div>
      </div>`;
  }

  private renderOAuth() {
    const { t, values } = this;
    const provider = values.provider;
    const providers = this.meta?.providers ?? [];
    const redirectUri = this.meta?.redirectUris[provider] ?? '';
    const connecting = this.busy(this.oauthTask);
    const { flow, refreshToken } = this.secrets;
    const health =
      !flow && !refreshToken.value && !refreshToken.clear && this.isSaved('refreshToken')
        ? this.saved?.tokenHealth
        : undefined;
    const account = flow?.account ?? health?.account;
    return html`
      ${this.renderChoice('provider', t.provider, Object.fromEntries(providers.map((p) => [p, t.providers[p]])))}
      ${this.renderInput('clientId', t.clientId, { autocomplete: 'off' })}
      ${this.renderSecret('clientSecret', t.clientSecret)}
      ${provider === 'microsoft' ? this.renderInput('tenantId', t.tenantId, { autocomplete: 'off' }) : nothing}
      ${this.renderInput('clientSecretExpiresAt', t.clientSecretExpiresAt, {
        type: 'date',
        hint: t.clientSecretExpiresAtHint,
      })}
      <div part="field" class="field">
        <label for="fallbackUrl" part="label">${t.fallbackUrl}</label>
        <div class="row">
          <input id="fallbackUrl" part="input" readonly .value=${redirectUri} aria-describedby="fallbackUrl-hint" />
          <button type="button" part="button" aria-label=${t.copyLabel(t.fallbackUrl)}
            @click=${() => this.handleCopy(redirectUri)}>${t.copy}</button>
        </div>
        <div id="fallbackUrl-hint" part="hint">${t.fallbackUrlHint[provider]}</div>
      </div>
      ${this.renderSecret(
        'refreshToken',
        t.refreshToken,
        html`<button type="button" part="button" aria-disabled=${connecting ? 'true' : 'false'} @click=${this.handleConnect}>
          ${account || flow ? t.reconnect : t.getRefreshToken}
        </button>`,
      )}
      <div part="connection" role="status">
        ${connecting ? (this.blockedUrl ? nothing : t.signingIn) : nothing}
        ${account ? t.connectedAs(account, this.formatDate(flow?.obtainedAt ?? health?.obtainedAt)) : nothing}
        ${
          this.blockedUrl
            ? html`${t.popupBlocked} <a href=${this.blockedUrl} target="_blank">${t.openSignIn}</a>`
            : nothing
        }
        ${this.oauthMessage}
        ${
          this.closedFlowId
            ? html`<button type="button" part="button" @click=${this.handleCheckAgain}>${t.checkAgain}</button>`
            : nothing
        }
      </div>
      ${
        health?.warnings.length
          ? html`<ul part="warning" class="warning">${health.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>`
          : nothing
      }`;
  }

  private renderInput(
    name: TextField,
    label: string,
    options: { type?: string; autocomplete?: string; inputmode?: string; hint?: unknown } = {},
  ) {
    return this.renderField(name, label, this.values[name], options);
  }

  private renderField(
    name: string,
    label: string,
    value: string,
    {
      type = 'text',
      autocomplete,
      inputmode,
      hint,
    }: { type?: string; autocomplete?: string; inputmode?: string; hint?: unknown },
  ) {
    return this.renderControl(
      name,
      label,
      html`<input id=${name} name=${name} part="input" type=${type} .value=${live(value)}
        autocomplete=${autocomplete ?? nothing} inputmode=${inputmode ?? nothing} spellcheck="false"
        aria-describedby=${this.describedBy(name, hint)} aria-invalid=${this.errors[name] ? 'true' : 'false'} />`,
      hint,
    );
  }

  private renderSelect(
    name: string,
    label: string,
    options: ReadonlyArray<readonly [string, string]>,
    selected: string,
    hint?: unknown,
  ) {
    return this.renderControl(
      name,
      label,
      html`<select id=${name} name=${name} part="select" aria-describedby=${this.describedBy(name, hint)}
        aria-invalid=${this.errors[name] ? 'true' : 'false'}>
        ${options.map(([value, text]) => html`<option value=${value} .selected=${value === selected}>${text}</option>`)}
      </select>`,
      hint,
    );
  }

  private renderSecret(name: SecretField, label: string, extra?: TemplateResult) {
    const { t } = this;
    const edit = this.secrets[name];
    const saved = this.isSaved(name) || (name === 'refreshToken' && this.secrets.flow !== undefined);
    const shown = this.revealed[name] === true;
    const hint = edit.value ? undefined : edit.clear ? t.secretCleared : saved ? t.secretSaved : undefined;
    return this.renderControl(
      name,
      label,
      html`<div class="row">
        <input id=${name} name=${name} part="input" type=${shown ? 'text' : 'password'} .value=${live(edit.value)}
          autocomplete="new-password" spellcheck="false" aria-describedby=${this.describedBy(name, hint)}
          aria-invalid=${this.errors[name] ? 'true' : 'false'} />
        <button type="button" part="button" aria-label=${shown ? t.hideLabel(label) : t.showLabel(label)}
          @click=${() => (this.revealed = { ...this.revealed, [name]: !shown })}>${shown ? t.hide : t.show}</button>
        ${
          saved && !edit.value
            ? html`<button type="button" part="button" aria-label=${edit.clear ? t.keepSaved : t.clearLabel(label)}
              @click=${() => this.handleClear(name)}>${edit.clear ? t.keepSaved : t.clear}</button>`
            : nothing
        }
        ${extra}
      </div>`,
      hint,
    );
  }

  private renderControl(name: string, label: string, control: TemplateResult, hint: unknown) {
    const error = this.errors[name];
    return html`<div part="field" class="field">
      <label for=${name} part="label">${label}</label>
      ${control}
      ${hint ? html`<div id="${name}-hint" part="hint">${hint}</div>` : nothing}
      <div id="${name}-error" part="error" role=${error ? 'alert' : nothing}>${error}</div>
    </div>`;
  }

  private renderChoice(name: 'authType' | 'provider', legend: string, choices: Record<string, string>) {
    return html`<fieldset part="fieldset">
      <legend part="label">${legend}</legend>
      ${Object.entries(choices).map(
        ([value, text]) => html`<label class="choice">
          <input type="radio" part="radio" name=${name} value=${value} .checked=${live(this.values[name] === value)} />
          ${text}
        </label>`,
      )}
    </fieldset>`;
  }

  private renderReload() {
    return html` <button type="button" part="button" @click=${() => this.loadTask.run()}>${this.t.reload}</button>`;
  }

  private handleInput(event: Event) {
    const target = event.target as HTMLInputElement;
    const { name } = target;
    if (!name) return;
    const value = target.type === 'checkbox' ? target.checked : target.value;
    delete this.errors[name];
    this.edited.add(name);
    this.notice = undefined;
    this.status = '';
    if (name === 'sendTo') {
      this.sendTestTo = target.value;
      return;
    }
    if (name === 'preset') {
      this.applyPreset(target.value);
    } else if (SECRETS.includes(name as SecretField)) {
      this.secrets = { ...this.secrets, [name]: { value, clear: false } };
    } else {
      this.values = { ...this.values, [name]: value };
      if (name === 'security') {
        this.securityChosen = true;
        this.suggestedSecurity = undefined;
      }
      if (name === 'port') this.suggestSecurity(SECURITY_OF_PORT[target.value.trim()]);
      // Once the server fields are edited by hand they no longer are the preset's.
      if (name === 'host' || name === 'port') this.preset = undefined;
    }
    this.afterEdit(name);
  }

  private handleBlur(event: FocusEvent) {
    const { name } = event.target as HTMLInputElement;
    if (!this.edited.has(name) && !this.errors[name]) return;
    const message = validateField(name, { ...this.draft(), sendTo: this.sendTestTo || undefined });
    this.errors = message ? { ...this.errors, [name]: message } : { ...this.errors };
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.validDraft();
    const client = this.client();
    if (!draft || !client || this.busy(this.saveTask)) return;
    const blocker = this.saveBlocker();
    if (blocker) {
      this.status = blocker;
      return;
    }
    this.status = '';
    const receipt = this.isTested() ? this.tested?.result.receipt : undefined;
    this.saveTask.run([client, draft, this.saved?.version ?? 0, receipt]);
  }

  private handleTest() {
    if (this.busy(this.testTask)) return;
    const draft = this.validDraft();
    if (!draft) return;
    this.status = '';
    this.testTask.run([this.client(), draft, this.sendTestTo]);
  }

  private handleClear(name: SecretField) {
    // Clearing a token just obtained by sign-in drops it and falls back to the saved state.
    const dropFlow = name === 'refreshToken' && this.secrets.flow !== undefined;
    const clear = !dropFlow && !this.secrets[name].clear;
    this.secrets = { ...this.secrets, [name]: { value: '', clear }, ...(dropFlow && { flow: undefined }) };
    this.afterEdit(name);
  }

  private handleConnect() {
    if (this.busy(this.oauthTask)) return;
    const client = this.client();
    const { provider, clientId, tenantId } = this.values;
    const draft: Record<string, unknown> = this.draft();
    const fields = provider === 'microsoft' ? ['clientId', 'tenantId'] : ['clientId'];
    const errors = Object.fromEntries(
      fields.flatMap((field) => {
        const message = validateField(field, draft);
        return message ? [[field, message]] : [];
      }),
    );
    if (!client || Object.keys(errors).length > 0) {
      void this.showErrors(errors);
      return;
    }
    // Opened before any await, while the click still counts as a user gesture, so popup blockers allow it.
    const popup = window.open('about:blank', 'smtp-settings-oauth', 'popup,width=520,height=720');
    const clientSecret = this.secrets.clientSecret.value || { keep: true as const };
    this.oauthMessage = undefined;
    this.oauthTask.run([
      client,
      provider,
      { clientId, clientSecret, ...(provider === 'microsoft' && { tenantId }) },
      popup,
    ]);
  }

  private async handleCheckAgain() {
    const client = this.client();
    const flowId = this.closedFlowId;
    if (!client || !flowId) return;
    try {
      const flow = await getFlow(client, flowId);
      if (flow.status === 'started') {
        this.oauthMessage = this.t.signInNotFinished;
        return;
      }
      this.closedFlowId = undefined;
      this.handleFlow(flow);
    } catch (error) {
      this.fail('oauth', error);
    }
  }

  private handleFlow(flow: OAuthFlowResponse) {
    if (flow.status !== 'completed') {
      const code = flow.error?.code ?? 'OAUTH_FAILED';
      const message =
        code === 'OAUTH_ACCESS_DENIED'
          ? this.t.oauthCancelled
          : `${flow.error?.message ?? ''} ${flow.error?.hint ?? ''}`;
      this.oauthMessage = message.trim();
      this.emit(new SmtpSettingsErrorEvent({ action: 'oauth', code, message: this.oauthMessage }));
      return;
    }
    this.secrets = { ...this.secrets, refreshToken: { value: '', clear: false }, flow };
    this.oauthMessage = undefined;
    delete this.errors.refreshToken;
    this.afterEdit('refreshToken');
  }

  private async handleCopy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.status = this.t.copied;
    } catch {
      // Without clipboard permission the admin copies by hand: the URL is selected for them.
      this.renderRoot.querySelector<HTMLInputElement>('#fallbackUrl')?.select();
    }
  }

  private applyPreset(id: string) {
    const preset = this.meta?.presets.find((candidate) => candidate.id === id);
    this.preset = preset;
    if (!preset) return;
    this.values = { ...this.values, host: preset.host, port: String(preset.port) };
    delete this.errors.host;
    delete this.errors.port;
    // A preset fills the security only while the admin has not picked one; afterwards it only suggests.
    if (this.securityChosen) this.suggestSecurity(preset.security);
    else this.setSecurity(preset.security);
  }

  private setSecurity(security: Security) {
    this.values = { ...this.values, security };
    this.suggestedSecurity = undefined;
    this.afterEdit('security');
  }

  private suggestSecurity(security: Security | undefined) {
    this.suggestedSecurity = security !== this.values.security ? security : undefined;
  }

  private reset(response: SettingsResponse) {
    this.saved = response;
    this.values = valuesFrom(response.settings, this.meta?.providers[0] ?? 'microsoft');
    this.secrets = untouchedSecrets();
    this.errors = {};
    this.suggestedSecurity = undefined;
    this.preset = undefined;
    this.securityChosen = response.settings?.authType === 'basic';
    this.edited.clear();
    this.oauthMessage = undefined;
    this.blockedUrl = undefined;
    this.baseline = JSON.stringify(this.draft());
  }

  private fail(action: SmtpSettingsErrorDetail['action'], error: unknown) {
    if (!this.isConnected) return;
    const { t } = this;
    const code =
      error instanceof PopupClosedError
        ? 'POPUP_CLOSED'
        : error instanceof ApiRequestError
          ? error.code
          : 'INTERNAL_ERROR';
    let message =
      code === 'POPUP_CLOSED' ? t.popupClosed : error instanceof Error ? error.message : String(error);
    if (code === 'OAUTH_ACCESS_DENIED') message = t.oauthCancelled;
    if (code === 'NOT_TESTED') {
      message = t.testBeforeSave;
      this.tested = undefined;
    }
    if (code === 'VERSION_CONFLICT') message = t.conflict;
    const fields = error instanceof ApiRequestError ? error.fields : undefined;
    if (fields && Object.keys(fields).length > 0) void this.showErrors(fields);
    if (action === 'oauth') this.oauthMessage = message;
    else
      this.notice = {
        message: fields ? t.fixErrors : message,
        reload: code === 'VERSION_CONFLICT' || action === 'load',
      };
    this.emit(new SmtpSettingsErrorEvent({ action, code, message }));
  }

  // One way out for every event, so the manifest lists them once, from the class JSDoc's @fires.
  private emit(event: Event) {
    this.dispatchEvent(event);
  }

  private afterEdit(field: string) {
    // The receipt of a passing test is bound to the exact values, so any edit outside them voids it.
    this.tested = this.isTested() ? this.tested : undefined;
    this.emit(new SmtpSettingsChangeEvent({ field, dirty: this.isDirty() }));
  }

  private validDraft(): SmtpSettingsDraftInput | undefined {
    const draft = this.draft();
    const errors = validateDraft(draft);
    const sendTo = validateField('sendTo', { sendTo: this.sendTestTo || undefined });
    if (sendTo) errors.sendTo = sendTo;
    if (Object.keys(errors).length === 0) return draft;
    void this.showErrors(errors);
    return undefined;
  }

  private async showErrors(errors: Record<string, string>) {
    this.errors = errors;
    this.notice = errors[''] ? { message: errors[''] } : undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private draft(): SmtpSettingsDraftInput {
    return toDraft(this.values, this.secrets, (field) => this.isSaved(field));
  }

  private isSaved(field: SecretField): boolean {
    return isSecretSaved(this.saved?.settings, this.values, field);
  }

  private isDirty(): boolean {
    return this.meta !== undefined && JSON.stringify(this.draft()) !== this.baseline;
  }

  private isTested(): boolean {
    return this.tested?.result.ok === true && this.tested.draft === JSON.stringify(this.draft());
  }

  private saveBlocker(): string | undefined {
    if (!this.isDirty()) return this.t.noChanges;
    if (this.meta?.requireTestBeforeSave && !this.isTested()) return this.t.testBeforeSave;
    return undefined;
  }

  private client(): SmtpSettingsClient | undefined {
    return this.contextClient ?? this.ownClient;
  }

  private busy(task: { status: TaskStatus }): boolean {
    return task.status === TaskStatus.PENDING;
  }

  private describedBy(name: string, hint: unknown): string {
    return hint ? `${name}-hint ${name}-error` : `${name}-error`;
  }

  private formatDate(iso: string | undefined): string {
    if (!iso) return '';
    const date = new Date(iso);
    try {
      return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium' }).format(date);
    } catch {
      // A malformed `locale` must not break the form; the page's language still reads well.
      return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
    }
  }
}
