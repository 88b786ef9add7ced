import type {
  OAuthFlowResponse,
  OAuthProvider,
  OAuthStartRequest,
  ServerTextKey,
} from '@smtp-settings/schema';
import { html, nothing } from 'lit';
import type { SmtpSettingsClient } from '../api/client.js';
import { waitForFlow } from '../api/oauth-popup.js';
import { PopupClosedError } from '../api/popup-closed-error.js';
import { getFlow, startOAuth } from '../api/requests.js';
import { renderChoice, renderInput, renderWarnings } from '../form/controls.js';
import { describeError, isAbort } from '../form/error-detail.js';
import type { FormState } from '../form/form-context.js';
import { FormPart } from '../form/form-part.js';
import { request } from '../form/form-requests.js';
import { flowOf, secretInputOf, signsInAsApp } from '../form/form-values.js';
import { returnAddress } from '../form/full-page-return.js';
import { missingSecretMessage, validateField } from '../form/validate.js';
import { formatDate } from '../localize/format-date.js';
import { microsoftEn } from '../localize/microsoft-strings.js';
import { serverText } from '../localize/server-text.js';
import { Task, TaskStatus } from '../task/task.js';
import { renderGuidance, renderMicrosoftChoices } from './microsoft-access.js';

/**
 * The OAuth fields: provider, (Microsoft) sending method and sign-in, client ID and secret, tenant,
 * secret expiry, the Fallback URL to register, and the refresh token with "Get Refresh Token" — the
 * sign-in window (or, when it is blocked, the same tab), "Connected as …" and the token's health. With
 * Application sign-in there is no refresh token: guidance on the app's permission takes its place.
 */
export class OAuthSectionElement extends FormPart {
  static override properties = {
    message: { state: true },
    blockedUrl: { state: true },
    closedFlowId: { state: true },
    copied: { state: true },
  };

  /** How the last sign-in went, when it did not simply complete: an error, or "not finished yet". */
  private message?: { text: string; error: boolean };
  private blockedUrl?: string;
  private closedFlowId?: string;
  /** The text a Copy button put on the clipboard a moment ago; its button says so. */
  private copied?: string;

  /** The provider and way of signing in the sign-in state above belongs to. */
  #signInFor?: string;
  #copiedTimer?: ReturnType<typeof setTimeout>;
  /** The returned flow this part took, which the state still names until the form's next update. */
  #taken?: string;

  readonly #signIn = new Task(this, {
    autoRun: false,
    task: async (
      [client, provider, body, popup]: [SmtpSettingsClient, OAuthProvider, OAuthStartRequest, Window | null],
      { signal },
    ) => {
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
    onComplete: (flow) => this.#handleFlow(flow),
    onError: (error) => this.#fail(error),
  });

  override disconnectedCallback() {
    super.disconnectedCallback();
    // The OAuth fields are gone (Basic chosen, element removed): stop waiting and close the window.
    this.#signIn.abort();
    clearTimeout(this.#copiedTimer);
  }

  protected override willUpdate() {
    // Another provider, or Application sign-in: the sign-in under way and what was said about it are void.
    const values = this.form?.values;
    const signInFor = values && `${values.provider} ${signsInAsApp(values)}`;
    if (signInFor !== this.#signInFor) {
      if (this.#signInFor !== undefined) this.#resetSignIn();
      this.#signInFor = signInFor;
    }
  }

  protected override updated() {
    // Back from a sign-in in this tab: the server knows how it ended.
    const returned = this.form?.returnedFlowId;
    if (!returned || returned === this.#taken) return;
    this.#taken = returned;
    request(this, 'smtp-flow-taken', { flowId: returned });
    void this.#checkFlow(returned);
  }

  protected override render(): unknown {
    const { form } = this;
    if (!form) return nothing;
    const { t } = form;
    // The host's translations over the English, which comes with this part rather than with the form.
    const microsoft = form.values.provider === 'microsoft' ? { ...microsoftEn, ...t } : undefined;
    const app = signsInAsApp(form.values);
    return html`
      ${renderChoice(form, 'provider', t.provider, Object.fromEntries(form.meta.providers.map((p) => [p, t.providers[p]])))}
      ${microsoft ? renderMicrosoftChoices(form, microsoft) : nothing}
      ${renderInput(form, 'clientId', t.clientId, { autocomplete: 'off' })}
      <smtp-settings-secret field="clientSecret"></smtp-settings-secret>
      ${microsoft ? renderInput(form, 'tenantId', t.tenantId, { autocomplete: 'off' }) : nothing}
      ${renderInput(form, 'clientSecretExpiresAt', t.clientSecretExpiresAt, {
        type: 'date',
        hint: app && microsoft ? microsoft.clientSecretExpiresAtAppHint : t.clientSecretExpiresAtHint,
        optional: true,
      })}
      ${microsoft ? renderGuidance(form, microsoft, (text, label) => this.#renderCopy(text, label)) : nothing}
      ${app ? this.#renderSecretWarnings(form) : this.#renderSignIn(form)}`;
  }

  // The app's only credential is its client secret: the saved settings' warnings of its expiry stay in sight.
  #renderSecretWarnings(form: FormState) {
    const warnings = form.savedSecrets.clientSecret ? (form.saved?.tokenHealth?.warnings ?? []) : [];
    return renderWarnings(
      form.t,
      warnings.filter(({ messageKey }) => messageKey?.startsWith('warning.clientSecret')),
    );
  }

  // What Delegated sign-in adds: the redirect URI to register, the refresh token, "Get Refresh Token" and the token's health.
  #renderSignIn(form: FormState) {
    const { t } = form;
    const provider = form.values.provider;
    const redirectUri = form.meta.redirectUris[provider] ?? '';
    const connecting = this.#waitingForWindow();
    const { refreshToken } = form.secrets;
    const flow = flowOf(form.values, form.secrets);
    // The saved token's account, unless it is replaced, cleared or cannot serve the app now entered.
    const health =
      !flow &&
      !refreshToken.value &&
      !refreshToken.clear &&
      !form.errors.refreshToken &&
      form.savedSecrets.refreshToken
        ? form.saved?.tokenHealth
        : undefined;
    const account = flow?.account ?? health?.account;
    const obtained = formatDate(flow?.obtainedAt ?? health?.obtainedAt, form.locale);
    return html`
      <div part="field" class="field">
        <label for="fallbackUrl" part="label">${t.fallbackUrl}</label>
        <div class="row">
          <input id="fallbackUrl" part="input" readonly .value=${redirectUri} aria-describedby="fallbackUrl-hint" />
          ${this.#renderCopy(redirectUri, t.fallbackUrl)}
        </div>
        <div id="fallbackUrl-hint" part="hint">${t.fallbackUrlHint[provider]}</div>
      </div>
      <smtp-settings-secret field="refreshToken" .extra=${html`<button type="button" part="button"
        aria-disabled=${connecting ? 'true' : 'false'} @click=${() => this.#handleConnect()}
        aria-describedby=${form.values.sendingMethod === 'graph' && provider === 'microsoft' ? 'graph-note' : nothing}>
        ${account || flow ? t.reconnect : t.getRefreshToken}
      </button>`}></smtp-settings-secret>
      <div part="connection" role="status">${this.#connectionText(account && t.connectedAs(account, obtained))}</div>
      ${this.message?.error ? html`<p part="alert" role="alert">${this.message.text}</p>` : nothing}
      ${
        // The buttons sit beside the status region, not in it, so it reads its news and not their names.
        this.blockedUrl
          ? html`<div class="row"><a href=${this.blockedUrl} target="_blank">${t.openSignIn}</a>
              <button type="button" part="button" @click=${this.#handleContinueHere}>${t.continueHere}</button></div>`
          : nothing
      }
      ${
        this.closedFlowId
          ? html`<div class="row"><button type="button" part="button" @click=${() => this.#checkFlow(this.closedFlowId)}>
              ${t.checkAgain}</button></div>`
          : nothing
      }
      ${renderWarnings(t, health?.warnings ?? [])}`;
  }

  // One string, so an empty region stays empty (and takes no room) and a change is read as one sentence.
  #connectionText(connected: string | undefined): string {
    const { t } = this.form ?? {};
    if (!t) return '';
    return [
      this.#waitingForWindow() && t.signingIn,
      connected,
      this.blockedUrl && t.popupBlocked,
      !this.message?.error && this.message?.text,
    ]
      .filter(Boolean)
      .join(' ');
  }

  #handleConnect() {
    const form = this.form;
    if (!form || this.#waitingForWindow()) return;
    const body = this.#startRequest();
    if (!body || !form.client) return;
    // Opened before any await, while the click still counts as a user gesture, so popup blockers allow it.
    const popup = window.open('about:blank', 'smtp-settings-oauth', 'popup,width=520,height=720');
    // A new run replaces one still waiting for a blocked window's sign-in.
    this.#resetSignIn();
    void this.#signIn.run([form.client, form.values.provider, body, popup]);
  }

  // The popup was blocked: sign in in this tab instead; the adapter sends the browser back here.
  async #handleContinueHere() {
    const form = this.form;
    const body = this.#startRequest();
    if (!form?.client || !body) return;
    try {
      const { flowId, authorizeUrl } = await startOAuth(form.client, form.values.provider, {
        ...body,
        returnTo: returnAddress(),
      });
      request(this, 'smtp-flow-leave', { flowId });
      window.open(authorizeUrl, '_self');
    } catch (error) {
      this.#fail(error);
    }
  }

  async #checkFlow(flowId: string | undefined) {
    const form = this.form;
    if (!form?.client || !flowId) return;
    try {
      const flow = await getFlow(form.client, flowId);
      if (flow.status === 'started') {
        this.message = { text: form.t.signInNotFinished, error: false };
        return;
      }
      this.closedFlowId = undefined;
      this.#handleFlow(flow);
    } catch (error) {
      this.#fail(error);
    }
  }

  #handleFlow(flow: OAuthFlowResponse) {
    const form = this.form;
    if (!form) return;
    this.blockedUrl = undefined;
    if (flow.status === 'completed') {
      this.message = undefined;
      request(this, 'smtp-flow-apply', { flow });
      return;
    }
    const { error } = flow;
    const code = error?.code ?? 'OAUTH_FAILED';
    const say = (text = '', key?: ServerTextKey) => serverText(form.t, { text, key, params: error?.params });
    const message =
      code === 'OAUTH_ACCESS_DENIED'
        ? form.t.oauthCancelled
        : `${say(error?.message, error?.messageKey)} ${say(error?.hint, error?.hintKey)}`.trim();
    // The provider refused the app's credentials: said under Client Secret, where the fix is typed.
    if (code === 'OAUTH_CLIENT_INVALID')
      request(this, 'smtp-field-errors', { errors: { clientSecret: message } });
    else this.message = { text: message, error: true };
    request(this, 'smtp-part-error', { action: 'oauth', code, message });
  }

  /** A button that copies `text`, named after `label`. */
  #renderCopy(text: string, label: string) {
    const t = this.form?.t;
    if (!t) return nothing;
    const copied = this.copied === text;
    return html`<button type="button" part="button" aria-label=${copied ? t.copied : t.copyLabel(label)}
      @click=${() => this.#handleCopy(text)}>${copied ? t.copied : t.copy}</button>`;
  }

  async #handleCopy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      if (this.form) request(this, 'smtp-form-announce', { status: this.form.t.copied });
      // Said on the button too, where the admin is looking; it reads Copy again after a moment.
      this.copied = text;
      clearTimeout(this.#copiedTimer);
      this.#copiedTimer = setTimeout(() => (this.copied = undefined), 2000);
    } catch {
      // Without clipboard permission the admin copies by hand: the URL is selected for them (a command is on show as text).
      this.querySelector<HTMLInputElement>('#fallbackUrl')?.select();
    }
  }

  /** The body of `POST /oauth/:provider/start`, or `undefined` (with the errors shown) when a field is invalid. */
  #startRequest(): OAuthStartRequest | undefined {
    const form = this.form;
    if (!form) return undefined;
    const { values, secrets } = form;
    const microsoft = values.provider === 'microsoft';
    // A typed secret, or the saved one unless Clear marked it for removal; without either, the server's prompt.
    const secret = secretInputOf(secrets.clientSecret, form.savedSecrets.clientSecret);
    const clientSecret = typeof secret === 'string' || (secret && 'keep' in secret) ? secret : undefined;
    const errors: Record<string, string> = {};
    for (const field of microsoft ? ['clientId', 'tenantId'] : ['clientId']) {
      const message = validateField(field, { ...values });
      if (message) errors[field] = message;
    }
    const secretError =
      clientSecret === undefined
        ? missingSecretMessage('clientSecret')
        : validateField('clientSecret', { clientSecret });
    if (secretError) errors.clientSecret = secretError;
    // A saved secret that cannot serve this app registration already says so on its field.
    if (clientSecret === undefined || Object.keys(errors).length > 0 || form.errors.clientSecret) {
      // Only the fields sign-in needs were checked: the errors already shown on others stay.
      request(this, 'smtp-field-errors', { errors });
      return undefined;
    }
    return {
      clientId: values.clientId,
      clientSecret,
      ...(microsoft && { tenantId: values.tenantId }),
      // The permission the sign-in asks for: Microsoft Graph's Mail.Send instead of SMTP.Send.
      ...(microsoft && values.sendingMethod === 'graph' && { sendingMethod: 'graph' as const }),
    };
  }

  #fail(error: unknown) {
    const form = this.form;
    if (!form || !this.isConnected || isAbort(error)) return;
    const { code, message, fields } = describeError(error, form.t);
    if (fields && Object.keys(fields).length > 0) request(this, 'smtp-field-errors', { errors: fields });
    this.message = { text: message, error: true };
    request(this, 'smtp-part-error', { action: 'oauth', code, message });
  }

  // While the window is blocked the admin may try again (after allowing popups): only an open one is waited for.
  #waitingForWindow(): boolean {
    return this.#signIn.status === TaskStatus.PENDING && !this.blockedUrl;
  }

  /** Stops a sign-in under way and forgets what was said about the last one. */
  #resetSignIn() {
    this.#signIn.abort();
    this.message = undefined;
    this.blockedUrl = undefined;
    this.closedFlowId = undefined;
  }
}
