import type {
  MetaResponse,
  OAuthProvider,
  SecretField,
  SettingsResponse,
  SmtpSettingsDraftInput,
  TestFailure,
  TestResponse,
} from '@smtp-settings/schema';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { createClient, type SmtpSettingsClient } from '../api/client.js';
import { getMeta, getSettings, putSettings } from '../api/requests.js';
import { BasicSectionElement } from '../basic-section/basic-section.js';
import { ContextConsumer, ContextProvider } from '../context/context-controllers.js';
import { smtpSettingsClientContext } from '../context.js';
import { DeliveryStatusElement } from '../delivery-status/delivery-status.js';
import { SmtpSettingsChangeEvent } from '../events/smtp-settings-change.js';
import { type SmtpSettingsErrorDetail, SmtpSettingsErrorEvent } from '../events/smtp-settings-error.js';
import { SmtpSettingsInputEvent } from '../events/smtp-settings-input.js';
import { SmtpSettingsLoadEvent } from '../events/smtp-settings-load.js';
import { SmtpSettingsSaveEvent } from '../events/smtp-settings-save.js';
import { SmtpSettingsTestEvent } from '../events/smtp-settings-test.js';
import { renderChoice, renderField, renderInput } from '../form/controls.js';
import { type DraftState, draftStateCache } from '../form/draft-state.js';
import { describeError, isAbort } from '../form/error-detail.js';
import { FocusRescue } from '../form/focus-rescue.js';
import { formContext } from '../form/form-context.js';
import { definePart, settled } from '../form/form-part.js';
import type { FormRequestEvent } from '../form/form-requests.js';
import {
  type FormValues,
  flowOf,
  isSecretSaved,
  type SecretEdits,
  untouchedSecrets,
  valuesFrom,
} from '../form/form-values.js';
import { type KeptForm, keepForm, takeReturn } from '../form/full-page-return.js';
import { PartLoader } from '../form/part-loader.js';
import { keepRefusals, validateDraft, validateField } from '../form/validate.js';
import { HistoryElement } from '../history/history.js';
import { en } from '../localize/en.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';
import { SecretFieldElement } from '../secret-field/secret-field.js';
import { initialState, Task, TaskStatus } from '../task/task.js';
import { styles } from './smtp-settings.styles.js';

/** A finished connection test: the exact draft it tested and its result. */
type Tested = { draft: string; result: TestResponse };
type Notice = { message: string; reload?: boolean };
/** What the state implies for the form's rendering, worked out once per update. */
type View = { dirty: boolean; tested: boolean; outdated: boolean; blocker?: string };
type ConnectionTest = typeof import('./connection-test.js');
/** One OAuth provider's app as the admin typed it. */
type ProviderApp = Pick<FormValues, 'clientId' | 'clientSecretExpiresAt'> &
  Pick<SecretEdits, 'clientSecret' | 'refreshToken'>;

const SECRETS: readonly string[] = ['password', 'clientSecret', 'refreshToken'];

// Only OAuth settings need the OAuth fields and their sign-in client: a chunk loaded when they are.
const OAUTH_PART = 'smtp-settings-oauth';
const loadOAuth = async () => (await import('../oauth-section/oauth-section.js')).OAuthSectionElement;

/**
 * The admin form for a web application's outgoing mail: Basic or OAuth (Microsoft, Google) SMTP
 * settings, a staged connection test, and a save that needs a passing test of the same values; above
 * them how mail went lately (and why it is held), below them who saved last and the audit trail.
 *
 * @summary Outgoing mail (SMTP) settings form backed by the smtp-settings adapter.
 *
 * @fires {SmtpSettingsLoadEvent} smtp-settings-load - The saved settings loaded; `detail` is the `SettingsResponse`.
 * @fires {SmtpSettingsInputEvent} smtp-settings-input - The admin edits a field, on each keystroke; `detail` is `{ field, dirty }`.
 * @fires {SmtpSettingsChangeEvent} smtp-settings-change - The admin committed a change of a field (as the DOM's `change`); `detail` is `{ field, dirty }`.
 * @fires {SmtpSettingsTestEvent} smtp-settings-test - A connection test finished; `detail` is the `TestResponse`.
 * @fires {SmtpSettingsSaveEvent} smtp-settings-save - The settings were saved; `detail` is the new `SettingsResponse`.
 * @fires {SmtpSettingsErrorEvent} smtp-settings-error - Loading, testing, saving or signing in failed; `detail` is `{ action, code, message }`.
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
 * @csspart cancel-button - The button that stops a running test.
 * @csspart connection - The "Connected as …" line of an OAuth refresh token.
 * @csspart guidance - With Microsoft's Application sign-in: the permission to grant the app and how to restrict it.
 * @csspart test-result - The test progress and result area; it has the class `outdated` while its result is.
 * @csspart verdict - The first line of a test result: passed, or failed with its code and message.
 * @csspart outdated - The "Outdated — test again" badge of a result the form's values changed since.
 * @csspart stage - One test stage.
 * @csspart stage-ok - A stage that passed, next to `stage`.
 * @csspart stage-failed - A stage that failed, next to `stage`.
 * @csspart stage-running - The stage a running test is at, next to `stage`.
 * @csspart stage-skipped - A stage that had nothing to check (TLS with security None), next to `stage`.
 * @csspart error-code - The stable code of a failed test, such as `AUTH_FAILED`.
 * @csspart server-reply - The server's reply to a failed test.
 * @csspart actions - The Test and Save row.
 * @csspart dirty - The "Unsaved changes" indicator.
 * @csspart alert - Form-level errors, such as a version conflict.
 * @csspart status - The polite status area ("Saved", "Copied").
 * @csspart delivery-status - The line on how mail went lately (last sent, failures, held), when the adapter keeps a delivery log.
 * @csspart held-banner - Why mail is held and that Save sends it, while it is held.
 * @csspart last-saved - Who saved the settings last, and when.
 * @csspart history - The disclosure with the audit trail.
 * @csspart history-summary - The disclosure's "History" toggle.
 * @csspart history-list - The audit trail's entries, newest first.
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
  static override properties = {
    endpoint: {},
    locale: {},
    strings: { attribute: false },
    sendTestTo: { attribute: 'send-test-to' },
    pollInterval: { attribute: 'poll-interval', type: Number },
    values: { state: true },
    secrets: { state: true },
    errors: { state: true },
    notice: { state: true },
    status: { state: true },
    stages: { state: true },
    tested: { state: true },
    conflicted: { state: true },
  };
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  readonly #internals = this.attachInternals();
  readonly #contextClient = new ContextConsumer(this, {
    context: smtpSettingsClientContext,
  });
  /** The form state the parts render from. */
  readonly #form = new ContextProvider(this, { context: formContext });
  readonly #parts = new PartLoader(this, (error) => this.#fail('load', error));

  readonly #load = new Task(this, {
    task: async ([client], { signal }) => {
      // Without a client there is nothing to load yet: a context provider may still bring one.
      if (!client) return initialState;
      this.#parts.retry();
      const [meta, settings] = await Promise.all([getMeta(client, signal), getSettings(client, signal)]);
      // Saved OAuth settings show their fields at once: the form waits for their code.
      if (settings.settings?.authType === 'oauth') await this.#parts.load(OAUTH_PART, loadOAuth);
      return { meta, settings };
    },
    args: () => [this.#client()],
    onComplete: ({ meta, settings }) => {
      this.#meta = meta;
      this.#reset(settings);
      this.tested = undefined;
      this.conflicted = false;
      this.status = '';
      // Reloaded values were never tested: the test panel returns to its initial state.
      this.#test.abort();
      this.notice = undefined;
      const back = takeReturn();
      if (back) this.#resume(back.flowId, back.kept);
      this.#emit(new SmtpSettingsLoadEvent(settings));
    },
    onError: (error) => this.#fail('load', error),
  });

  readonly #test = new Task(this, {
    autoRun: false,
    task: async ([client, { draft, json }, sendTo]: [SmtpSettingsClient, DraftState, string], { signal }) => {
      // The test's code comes with the first Test, not with the form; the new (empty) stages then update
      // the panel, which shows the first stage running rather than only "Testing…".
      this.#connectionTest ??= await import('./connection-test.js');
      this.stages = [];
      const result = await this.#connectionTest.runTest(
        client,
        { settings: draft, ...(sendTo && { sendTo }) },
        { onStage: (stage) => (this.stages = [...this.stages, stage]), signal },
      );
      return { draft: json, result };
    },
    onComplete: (tested) => {
      this.tested = tested;
      if (tested.result.error) void this.#showFailure(tested, tested.result.error);
      this.#emit(new SmtpSettingsTestEvent(tested.result));
    },
    onError: (error) => this.#fail('test', error),
  });

  readonly #save = new Task(this, {
    autoRun: false,
    task: (
      [client, settings, version, receipt]: [SmtpSettingsClient, SmtpSettingsDraftInput, number, string?],
      { signal },
    ) => putSettings(client, { settings, version, ...(receipt && { receipt }) }, signal),
    onComplete: (saved) => {
      const tested = this.#isTested();
      this.#reset(saved);
      // The saved values are the tested ones, though the draft now keeps typed secrets by reference.
      if (tested && this.tested) this.tested = { ...this.tested, draft: this.#current().json };
      this.status = this.#t.saved;
      this.#emit(new SmtpSettingsSaveEvent(saved));
    },
    onError: (error) => this.#fail('save', error),
  });

  /** URL the adapter is mounted at, such as `/api/smtp`; used when no `smtpSettingsClientContext` provider is above the element. */
  endpoint?: string;

  /** BCP 47 language tag for dates and the form's `lang`; the page's language when unset. */
  locale?: string;

  /** Replacements for any of the English texts, such as `{ save: 'Speichern' }`. */
  strings: Partial<SmtpSettingsStrings> = {};

  /** Address the connection test sends a real message to; the admin can change it in "Send test email to". */
  sendTestTo = '';

  /** How often the delivery status looks for changes while the form is on screen, in ms; waits stretch up to 8 times as long while nothing changes. */
  pollInterval = 5000;

  private values: FormValues = valuesFrom(null, 'microsoft');
  private secrets: SecretEdits = untouchedSecrets();
  private errors: Record<string, string> = {};
  private notice?: Notice;
  private status = '';
  private stages: TestResponse['stages'] = [];
  private tested?: Tested;
  /** A save lost against someone else's: Save waits for a reload. */
  private conflicted = false;

  #ownClient?: SmtpSettingsClient;
  #meta?: MetaResponse;
  #saved?: SettingsResponse;
  #baseline = '';
  #edited = new Set<string>();
  /** What was typed for the provider not shown, to restore when the admin switches back. */
  #providerApps: Partial<Record<OAuthProvider, ProviderApp>> = {};
  #returnedFlowId?: string;
  /** The field of the admin's last keystroke: a new object for each, so a part sees every one. */
  #typed?: { field: string };
  /** Saved secrets the server said it can no longer decrypt (its key changed), field → its message. */
  #unreadable: Partial<Record<string, string>> = {};
  /** A pointer is down on the form: a focus change now is half of a click. */
  #pressing = false;
  #t: SmtpSettingsStrings = en;
  /** The test whose failed verdict took focus, which reads it out: its status need not say it again. */
  #verdictFocused?: Tested;
  #connectionTest?: ConnectionTest;
  readonly #draftOf = draftStateCache();
  #view: View = { dirty: false, tested: false, outdated: false };

  constructor() {
    super();
    // A controller that registers itself with the element; nothing else needs to reach it.
    new FocusRescue(this);
  }

  override connectedCallback() {
    super.connectedCallback();
    definePart('smtp-settings-basic', BasicSectionElement);
    definePart('smtp-settings-secret', SecretFieldElement);
    // In the form's own chunk: every page load needs it, and a chunk of its own would cost more.
    definePart('smtp-settings-delivery-status', DeliveryStatusElement);
    definePart('smtp-settings-history', HistoryElement);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    // Nobody is left to see the outcome: requests in flight stop, which a Task leaves to its host.
    for (const task of [this.#load, this.#test, this.#save]) task.abort();
  }

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('endpoint')) this.#ownClient = this.endpoint ? createClient(this.endpoint) : undefined;
    if (changed.has('strings')) {
      this.#t = { ...en, ...this.strings };
      // A status said in the other language would stay so: it goes, the form rewords itself.
      this.status = '';
    }
    const client = this.#client();
    this.#view = {
      dirty: this.#isDirty(),
      tested: this.#isTested(),
      outdated: this.tested !== undefined && !this.#testMatchesValues(),
      blocker: this.#saveBlocker(),
    };
    // Once an edit outdates the result, undoing it makes the verdict news again, and focus is elsewhere.
    if (this.#view.outdated) this.#verdictFocused = undefined;
    const states = {
      dirty: this.#view.dirty,
      tested: this.#view.tested,
      testing: this.#test.status === TaskStatus.PENDING,
      saving: this.#save.status === TaskStatus.PENDING,
    };
    for (const [name, on] of Object.entries(states)) {
      if (on) this.#internals.states.add(name);
      else this.#internals.states.delete(name);
    }
    if (this.#meta) {
      this.#form.setValue({
        t: this.#t,
        locale: this.locale,
        meta: this.#meta,
        saved: this.#saved,
        values: this.values,
        secrets: this.secrets,
        // Derived, not stored: undoing the change that refused a saved secret shows it saved again.
        errors: {
          ...this.errors,
          ...keepRefusals(this.#current().draft, this.#saved?.settings, this.#unreadable),
        },
        client,
        savedSecrets: {
          password: this.#isSaved('password'),
          clientSecret: this.#isSaved('clientSecret'),
          refreshToken: this.#isSaved('refreshToken'),
        },
        edited: this.#edited,
        typed: this.#typed,
        returnedFlowId: this.#returnedFlowId,
      });
    }
  }

  protected override render(): unknown {
    const t = this.#t;
    if (!this.#meta) {
      return this.#load.render({
        // A provider may still arrive through context, so this is a hint for the host, not a failure.
        initial: () => html`<p part="alert" role="alert">${t.noEndpoint}</p>`,
        pending: () => html`<p part="status" role="status">${t.loading}</p>`,
        error: () =>
          html`<p part="alert" role="alert">${this.notice?.message}</p>${this.notice?.reload ? this.#renderReload() : nothing}`,
      });
    }
    const form = this.#form.value;
    if (!form) return nothing;
    const { blocker, outdated, dirty } = this.#view;
    const testing = this.#test.status === TaskStatus.PENDING;
    // A conflict outlasts edits: until Reload, Save cannot succeed, so the way out stays on screen.
    const notice: Notice | undefined = this.conflicted ? { message: t.conflict, reload: true } : this.notice;
    // The alert and the status follow the buttons, where the admin looks after a click, not a long test result.
    return html`<form novalidate part="form" aria-label=${t.formLabel} lang=${this.locale || nothing}
        @smtp-field-input=${this.#handleInput} @focusout=${this.#handleBlur} @submit=${this.#handleSubmit}
        @pointerdown=${this.#handlePointerDown} @change=${this.#handleChange}
        @smtp-field-edit=${this.#handleEdit} @smtp-secret-clear=${this.#handleSecretClear}
        @smtp-flow-apply=${this.#handleFlowApply} @smtp-flow-taken=${this.#handleFlowTaken}
        @smtp-flow-leave=${this.#handleFlowLeave} @smtp-field-errors=${this.#handleFieldErrors}
        @smtp-form-announce=${this.#handleAnnounce} @smtp-part-error=${this.#handlePartError}>
      <smtp-settings-delivery-status .interval=${this.pollInterval}></smtp-settings-delivery-status>
      ${renderChoice(form, 'authType', t.authType, { basic: t.basic, oauth: t.oauth })}
      ${
        this.values.authType === 'basic'
          ? html`<smtp-settings-basic></smtp-settings-basic>`
          : this.#parts.has(OAUTH_PART, loadOAuth)
            ? html`<smtp-settings-oauth></smtp-settings-oauth>`
            : html`<p class="muted">${t.loading}</p>`
      }
      ${renderInput(form, 'fromEmail', t.fromEmail, { type: 'email', autocomplete: 'off' })}
      ${renderInput(form, 'fromName', t.fromName, { optional: true })}
      ${renderField(form, 'sendTo', t.sendTestTo, this.sendTestTo, { type: 'email', hint: t.sendTestToHint, optional: true })}
      <div part="actions" class="row">
        <button type="button" part="button test-button" aria-disabled=${testing ? 'true' : 'false'} @click=${this.#handleTest}>
          ${testing ? t.testing : t.test}
        </button>
        ${
          testing
            ? html`<button type="button" part="button cancel-button" @click=${this.#handleCancelTest}>${t.cancelTest}</button>`
            : nothing
        }
        <button type="submit" part="button save-button" class="primary" aria-disabled=${blocker ? 'true' : 'false'}
          aria-describedby="save-reason">${this.#save.status === TaskStatus.PENDING ? t.saving : t.save}</button>
        <span id="save-reason" part="hint">${blocker}</span>
        ${dirty ? html`<span part="dirty">${t.unsavedChanges}</span>` : nothing}
      </div>
      <div part="alert" role=${notice ? 'alert' : nothing}>${this.#renderNotice(notice)}</div>
      ${notice?.reload ? this.#renderReload() : nothing}
      <p part="status" role="status">${this.status}</p>
      <section part="test-result" aria-label=${t.testResult} aria-busy=${testing ? 'true' : 'false'}
        class=${outdated && !testing ? 'outdated' : ''}>
        <p class="visually-hidden" role="status">${testing ? '' : this.#testSummary(outdated)}</p>
        ${this.#test.render({
          pending: () =>
            this.#connectionTest?.renderTestProgress(
              this.stages,
              t,
              this.sendTestTo.trim() !== '',
              this.#current().draft,
            ) ?? html`<p>${t.testing}</p>`,
          // A cancelled or failed run leaves the last finished test on show, as Save still goes by it.
          complete: () => this.#renderTested(outdated),
          error: () => this.#renderTested(outdated),
        })}
      </section>
      <smtp-settings-history></smtp-settings-history>
    </form>`;
  }

  // The parts render after the element, some once their code is in; whoever waits for it waits for the whole form.
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (await this.#parts.settle()) done = await super.getUpdateComplete();
    await settled(this.renderRoot);
    return done;
  }

  #renderTested(outdated: boolean) {
    const view = this.#connectionTest;
    return this.tested && view ? view.renderTestResult(this.tested.result, this.#t, outdated) : nothing;
  }

  // The result panel is no live region (each stage would be read out): a hidden one reads its summary.
  #testSummary(outdated: boolean): string {
    const { error, ok } = this.tested?.result ?? {};
    if (outdated) return this.#t.testOutdated;
    if (error)
      return this.#verdictFocused === this.tested ? '' : this.#t.testFailed(this.#t.stages[error.stage]);
    return ok ? this.#t.testPassed : '';
  }

  // Written without whitespace around it, so an empty alert matches :empty and takes no room.
  #renderNotice(notice: Notice | undefined) {
    if (!notice) return nothing;
    return html`${notice.message}${this.conflicted ? html`<div part="hint">${this.#t.reloadDiscards}</div>` : nothing}`;
  }

  // Beside the alert rather than inside it, so the alert reads its message and not a button's name too.
  #renderReload() {
    return html`<div class="row"><button type="button" part="button" @click=${this.#handleReload}>${this.#t.reload}</button></div>`;
  }

  async #handleReload() {
    await this.#load.run();
    if (this.#load.status !== TaskStatus.COMPLETE) return;
    // The Reload button is gone with the alert: focus goes back to the top of the reloaded form.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input[name="authType"]:checked')?.focus();
  }

  #handleInput({ detail: { name, value } }: FormRequestEvent<'smtp-field-input'>) {
    const isSecret = SECRETS.includes(name);
    // Parts handle their own controls (such as the preset picker); the form stores only its values.
    if (!(name in this.values) && !isSecret && name !== 'sendTo') return;
    this.#typed = { field: name };
    this.#edited.add(name);
    delete this.errors[name];
    this.notice = undefined;
    this.status = '';
    if (name === 'sendTo') {
      this.sendTestTo = String(value);
      return;
    }
    if (isSecret) this.secrets = { ...this.secrets, [name]: { value: String(value), clear: false } };
    else if (name === 'provider') this.#switchProvider(value as OAuthProvider);
    else this.values = { ...this.values, [name]: value };
    this.#afterEdit(name);
  }

  #handleChange(event: Event) {
    const { name } = event.target as HTMLInputElement;
    if (name in this.values || SECRETS.includes(name) || name === 'preset') {
      this.#emit(new SmtpSettingsChangeEvent({ field: name, dirty: this.#isDirty() }));
    }
  }

  // The parts' requests (form-requests.ts): they keep no form state, the element changes it for them.
  #handleEdit({ detail: { changes, field, commit } }: FormRequestEvent<'smtp-field-edit'>) {
    this.values = { ...this.values, ...changes };
    for (const name of Object.keys(changes)) delete this.errors[name];
    this.notice = undefined;
    this.status = '';
    this.#afterEdit(field, commit);
  }

  #handleSecretClear({ detail: { field } }: FormRequestEvent<'smtp-secret-clear'>) {
    // Clearing a token just obtained by sign-in drops it and falls back to the saved state.
    const dropFlow = field === 'refreshToken' && flowOf(this.values, this.secrets) !== undefined;
    const clear = !dropFlow && !this.secrets[field].clear;
    this.secrets = { ...this.secrets, [field]: { value: '', clear }, ...(dropFlow && { flow: undefined }) };
    delete this.errors[field];
    this.notice = undefined;
    this.#afterEdit(field, true);
  }

  #handleFlowApply({ detail: { flow } }: FormRequestEvent<'smtp-flow-apply'>) {
    this.values = { ...this.values, authType: 'oauth', provider: flow.provider };
    this.secrets = { ...this.secrets, refreshToken: { value: '', clear: false }, flow };
    delete this.errors.refreshToken;
    this.#afterEdit('refreshToken', true);
  }

  #handleFlowTaken() {
    this.#returnedFlowId = undefined;
  }

  #handleFlowLeave({ detail: { flowId } }: FormRequestEvent<'smtp-flow-leave'>) {
    keepForm(flowId, this.#keptForm());
  }

  #handleFieldErrors({ detail: { errors } }: FormRequestEvent<'smtp-field-errors'>) {
    void this.#showErrors({ ...this.errors, ...errors });
  }

  #handleAnnounce({ detail: { status } }: FormRequestEvent<'smtp-form-announce'>) {
    void this.#announce(status);
  }

  #handlePartError({ detail }: FormRequestEvent<'smtp-part-error'>) {
    this.#emit(new SmtpSettingsErrorEvent(detail));
  }

  #handleBlur(event: FocusEvent) {
    const { name } = event.target as HTMLInputElement;
    if (!this.#edited.has(name) && !this.errors[name]) return;
    const check = () => {
      const message = validateField(name, { ...this.#current().draft, sendTo: this.sendTestTo || undefined });
      this.errors = message ? { ...this.errors, [name]: message } : { ...this.errors };
    };
    // A press that took focus away ends in a click: an error shown before it would push Test or Save
    // from under the pointer and the click would be lost. Checked after the click, which checks them all.
    if (!this.#pressing) return check();
    window.addEventListener('pointerup', () => setTimeout(check), { once: true });
  }

  #handlePointerDown() {
    this.#pressing = true;
    window.addEventListener('pointerup', () => (this.#pressing = false), { once: true });
  }

  #handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.#validDraft()?.draft;
    const client = this.#client();
    if (!draft || !client || this.#save.status === TaskStatus.PENDING) return;
    const blocker = this.#saveBlocker();
    if (blocker) {
      void this.#announce(blocker);
      return;
    }
    this.status = '';
    const receipt = this.#isTested() ? this.tested?.result.receipt : undefined;
    void this.#save.run([client, draft, this.#saved?.version ?? 0, receipt]);
  }

  #handleTest() {
    const client = this.#client();
    if (this.#test.status === TaskStatus.PENDING || !client) return;
    const draft = this.#validDraft();
    if (!draft) return;
    this.status = '';
    void this.#test.run([client, draft, this.sendTestTo]);
  }

  // Aborting the request also stops the test on the server; the panel goes back to the last finished test.
  #handleCancelTest() {
    this.#test.abort();
    this.status = this.#t.testCancelled;
  }

  // Each provider keeps its own app: a Microsoft GUID is no Google client ID, and a secret typed for
  // one must not replace the other's saved one. The old errors were checks against the other's rules.
  #switchProvider(provider: OAuthProvider) {
    const { clientSecret, refreshToken } = this.secrets;
    const { clientId, clientSecretExpiresAt } = this.values;
    this.#providerApps[this.values.provider] = {
      clientId,
      clientSecretExpiresAt,
      clientSecret,
      refreshToken,
    };
    const app = this.#providerApps[provider] ?? {
      clientId: '',
      clientSecretExpiresAt: '',
      ...untouchedSecrets(),
    };
    this.values = {
      ...this.values,
      provider,
      clientId: app.clientId,
      clientSecretExpiresAt: app.clientSecretExpiresAt,
    };
    this.secrets = { ...this.secrets, clientSecret: app.clientSecret, refreshToken: app.refreshToken };
    for (const field of ['clientId', 'tenantId', 'clientSecret', 'clientSecretExpiresAt', 'refreshToken']) {
      delete this.errors[field];
    }
  }

  /** Back from a full-page sign-in: the form as the admin left it, and the flow for the OAuth part to finish. */
  #resume(flowId: string, kept: KeptForm | undefined) {
    this.values = kept ? { ...this.values, ...kept.values } : { ...this.values, authType: 'oauth' };
    this.#returnedFlowId = flowId;
    // Each secret to type again says so on its own field, where focus goes, rather than in a notice far below.
    const retype = (kept?.retype ?? []).map((field) => [field, this.#t.retypeSecrets(this.#t[field])]);
    if (retype.length > 0) void this.#showErrors(Object.fromEntries(retype));
  }

  /** The form for a full-page sign-in: its values, and the names (never the values) of the secrets typed. */
  #keptForm(): KeptForm {
    const draft: Partial<Record<string, unknown>> = this.#current().draft;
    const retype = SECRETS.filter((field) => typeof draft[field] === 'string') as SecretField[];
    return { values: this.values, retype };
  }

  #reset(response: SettingsResponse) {
    this.#saved = response;
    this.values = valuesFrom(response.settings, this.#meta?.providers[0] ?? 'microsoft');
    this.secrets = untouchedSecrets();
    this.errors = {};
    this.#edited.clear();
    this.#typed = undefined;
    this.#providerApps = {};
    this.#unreadable = {};
    this.#baseline = this.#current().json;
  }

  #fail(action: SmtpSettingsErrorDetail['action'], error: unknown) {
    if (!this.isConnected || isAbort(error)) return;
    const { code, message, fields } = describeError(error, this.#t);
    if (code === 'NOT_TESTED') this.tested = undefined;
    if (code === 'VERSION_CONFLICT') this.conflicted = true;
    // GET /settings cannot tell (it decrypts nothing): until a new value is typed the field asks for one.
    if (code === 'SECRET_UNREADABLE') this.#unreadable = { ...this.#unreadable, ...fields };
    if (fields && Object.keys(fields).length > 0) void this.#showErrors(fields);
    // The adapter's feature gate answers 404 to everything: mail settings are off here, no Reload helps.
    const gated = action === 'load' && code === 'NOT_FOUND';
    this.notice = {
      message: gated ? this.#t.notAvailable : fields ? this.#t.fixErrors : message,
      reload: code === 'VERSION_CONFLICT' || (action === 'load' && !gated),
    };
    this.#emit(new SmtpSettingsErrorEvent({ action, code, message: this.notice.message }));
  }

  // A status region reads a change: the same words again (a second Copy, a second blocked Save) need one.
  async #announce(status: string) {
    if (this.status === status) {
      this.status = '';
      await this.updateComplete;
    }
    this.status = status;
  }

  // One way out for every event, so the manifest lists them once, from the class JSDoc's @fires.
  #emit(event: Event) {
    this.dispatchEvent(event);
  }

  // Each edit is an input; a change once committed (the DOM's change, or a click that set the value).
  #afterEdit(field: string, commit = false) {
    this.#edited.add(field);
    const detail = { field, dirty: this.#isDirty() };
    this.#emit(new SmtpSettingsInputEvent(detail));
    if (commit) this.#emit(new SmtpSettingsChangeEvent(detail));
  }

  #validDraft(): DraftState | undefined {
    const state = this.#current();
    const { draft } = state;
    const errors = validateDraft(draft);
    const sendTo = validateField('sendTo', { sendTo: this.sendTestTo || undefined });
    if (sendTo) errors.sendTo = sendTo;
    // A saved secret that cannot be kept says so on its field already; focus goes there.
    const refused = Object.keys(keepRefusals(draft, this.#saved?.settings, this.#unreadable)).length > 0;
    if (Object.keys(errors).length > 0 || refused) {
      void this.#showErrors(errors);
      return undefined;
    }
    // Errors the server found in an earlier attempt are its to repeat: this attempt starts clean.
    this.errors = {};
    this.notice = undefined;
    return state;
  }

  // Marks the field a failed test blames, and (unless the admin went on elsewhere) moves focus to the
  // verdict, which scrolls it into view where a phone would show only the stages.
  async #showFailure(tested: Tested, failure: TestFailure) {
    const field = this.#connectionTest?.blamedField(failure, this.#current().draft);
    if (field) this.errors = { ...this.errors, [field]: this.#t.testBlamed };
    const left = this.renderRoot.querySelector('[part~="test-button"]');
    const active = (this.renderRoot as ShadowRoot).activeElement;
    // Decided before the result renders, so its status region never says what focus will read.
    const focus = !active || active === left;
    if (focus) this.#verdictFocused = tested;
    await this.updateComplete;
    if (focus) this.renderRoot.querySelector<HTMLElement>('[part~="verdict"]')?.focus();
  }

  async #showErrors(errors: Record<string, string>) {
    this.errors = errors;
    this.notice = errors[''] ? { message: errors[''] } : undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** The draft of the values as they are now, made once per change of them. */
  #current(): DraftState {
    return this.#draftOf(this.values, this.secrets, this.#saved);
  }

  #isSaved(field: SecretField): boolean {
    return isSecretSaved(this.#saved?.settings, this.values, field);
  }

  #isDirty(): boolean {
    return this.#meta !== undefined && this.#current().json !== this.#baseline;
  }

  // The receipt of a test is bound to the exact values it tested: an edit voids it, undoing the edit restores it.
  #isTested(): boolean {
    return this.tested?.result.ok === true && this.#testMatchesValues();
  }

  /** Whether the last finished test was of the values the form holds now. */
  #testMatchesValues(): boolean {
    return this.tested?.draft === this.#current().json;
  }

  #saveBlocker(): string | undefined {
    const t = this.#t;
    if (this.conflicted) return t.conflict;
    if (!this.#isDirty()) return t.noChanges;
    if (!this.#meta?.requireTestBeforeSave || this.#isTested()) return undefined;
    const failed = this.tested?.result.ok === false && this.#testMatchesValues();
    return failed ? t.testFailedBeforeSave : t.testBeforeSave;
  }

  #client(): SmtpSettingsClient | undefined {
    return this.#contextClient.value ?? this.#ownClient;
  }
}
