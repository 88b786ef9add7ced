import {
  DELIVERY_STATUSES,
  type DeliveryDetailResponse,
  type DeliveryStatus,
  type DeliveryView,
} from '@smtp-settings/schema';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { createClient, type SmtpSettingsClient } from '../api/client.js';
import {
  type DeliveryQuery,
  discardDelivery,
  getDelivery,
  listDeliveries,
  resendDelivery,
} from '../api/deliveries.js';
import { ApiRequestError } from '../api/errors.js';
import { ContextConsumer } from '../context/context-controllers.js';
import { smtpSettingsClientContext } from '../context.js';
import { SmtpDeliveryDiscardEvent } from '../events/smtp-delivery-discard.js';
import {
  type SmtpDeliveryLogErrorDetail,
  SmtpDeliveryLogErrorEvent,
} from '../events/smtp-delivery-log-error.js';
import { SmtpDeliveryResendEvent } from '../events/smtp-delivery-resend.js';
import { isAbort } from '../form/error-detail.js';
import { LivePoll } from '../live-poll/live-poll.js';
import { apiErrorText, apiFieldTexts } from '../localize/api-error-text.js';
import { initialState, Task, TaskStatus } from '../task/task.js';
import { renderConfirm } from './confirm.js';
import { styles } from './delivery-log.styles.js';
import { canDiscard, canResend } from './delivery-status.js';
import { deliveryLogEn } from './en.js';
import { mergeFirstPage, type ShownPage } from './merge-page.js';
import { renderDetail } from './render-detail.js';
import { renderList } from './render-list.js';
import { findFailed, type ResendOutcome, resendEach } from './resend-failed.js';
import type { SmtpDeliveryLogStrings } from './strings.js';

/** What the admin may be asked to confirm. */
type Confirming = { action: 'resend' | 'discard'; id: string } | { action: 'resendAll'; ids: string[] };
/** What an action run does: one of the confirmed actions, or looking up the failed messages first. */
type Action = Confirming | { action: 'findFailed' };
/** What an action run found or did. */
type ActionDone =
  | { action: 'findFailed'; ids: string[] }
  | ({ action: 'resendAll' } & ResendOutcome)
  | { action: 'resend' | 'discard'; detail: DeliveryDetailResponse };

// The most messages the adapter answers in one page: a live update covers at most this many.
const MAX_PAGE = 200;

/**
 * The delivery log of the outgoing mail: what went out, what waits and what failed and why, newest
 * first, kept up to date while it is on screen; each message's attempts with the failure told as Test
 * tells it, and Resend, Discard and "Resend all failed", each confirmed in the page and announced.
 *
 * @summary Delivery log (outbox) backed by the smtp-settings adapter.
 *
 * @fires {SmtpDeliveryResendEvent} smtp-delivery-resend - Messages were queued to be sent again; `detail` is `{ deliveries }`.
 * @fires {SmtpDeliveryDiscardEvent} smtp-delivery-discard - A message was discarded; `detail` is `{ delivery }`.
 * @fires {SmtpDeliveryLogErrorEvent} smtp-delivery-log-error - Loading, a resend or a discard failed; `detail` is `{ action, code, message }`.
 *
 * @csspart log - The whole log.
 * @csspart filters - The status and recipient filters.
 * @csspart select - The status filter.
 * @csspart input - The recipient filter.
 * @csspart table - The list of messages.
 * @csspart row - One message in the list.
 * @csspart open-button - The subject that opens a message.
 * @csspart delivery-status - A message's status, next to a part named after the status (`sent`, `failed`, …).
 * @csspart detail - One message's detail.
 * @csspart facts - The recipients, times and Message-ID of a message.
 * @csspart attempts - The list of a message's attempts.
 * @csspart attempt - One attempt.
 * @csspart error-code - The stable code of a failure, such as `AUTH_FAILED`.
 * @csspart server-reply - The server's reply.
 * @csspart actions - The Resend and Discard row.
 * @csspart confirm - An in-page confirmation.
 * @csspart button - Every button.
 * @csspart back-button - The button back to the list.
 * @csspart resend-button - Resend.
 * @csspart discard-button - Discard.
 * @csspart resend-all-button - "Resend all failed".
 * @csspart confirm-button - The button that goes ahead in a confirmation.
 * @csspart more-button - "Load more".
 * @csspart alert - Errors.
 * @csspart status - The polite status area that announces what an action did.
 *
 * @cssprop --smtp-settings-font-family - Font; inherits the host's by default.
 * @cssprop --smtp-settings-text-color - Text color.
 * @cssprop --smtp-settings-muted-color - Secondary text color.
 * @cssprop --smtp-settings-background - Background.
 * @cssprop --smtp-settings-border-color - Borders of inputs, buttons and the table.
 * @cssprop --smtp-settings-accent-color - Primary buttons, focus ring and links.
 * @cssprop --smtp-settings-on-accent-color - Text on the accent color.
 * @cssprop --smtp-settings-error-color - Errors and failed messages.
 * @cssprop --smtp-settings-success-color - Sent messages.
 * @cssprop --smtp-settings-warning-color - Retrying and held messages.
 * @cssprop --smtp-settings-radius - Corner radius.
 * @cssprop --smtp-settings-spacing - Base spacing unit.
 */
export class SmtpDeliveryLogElement extends LitElement {
  static override styles = styles;
  static override properties = {
    endpoint: {},
    locale: {},
    strings: { attribute: false },
    pollInterval: { attribute: 'poll-interval', type: Number },
    pageSize: { attribute: 'page-size', type: Number },
    filter: { state: true },
    page: { state: true },
    selected: { state: true },
    detail: { state: true },
    confirming: { state: true },
    alert: { state: true },
    recipientError: { state: true },
    status: { state: true },
  };
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  readonly #contextClient = new ContextConsumer(this, {
    context: smtpSettingsClientContext,
  });

  readonly #list = new Task(this, {
    task: async ([client, status, recipient, limit], { signal }) => {
      // Without a client there is nothing to load yet: a context provider may still bring one.
      if (!client) return initialState;
      return listDeliveries(client, { status, recipient, limit }, signal);
    },
    args: () => [this.#client(), this.filter.status, this.filter.recipient, this.pageSize] as const,
    onComplete: (page) => {
      this.page = page;
      this.#poll.restart();
    },
    onError: (error) => this.#fail('load', error),
  });

  readonly #more = new Task(this, {
    autoRun: false,
    task: ([client, query]: [SmtpSettingsClient, DeliveryQuery], { signal }) =>
      listDeliveries(client, query, signal),
    onComplete: async (next) => {
      const first = next.deliveries[0];
      this.page = { deliveries: [...this.page.deliveries, ...next.deliveries], nextCursor: next.nextCursor };
      // "Load more" may be gone with the last page: focus goes on to the first message it loaded.
      if (first) await this.#focus(`[data-id="${CSS.escape(first.id)}"]`);
    },
    onError: (error) => this.#fail('load', error),
  });

  readonly #detail = new Task(this, {
    task: async ([client, id], { signal }) => {
      if (!client || id === undefined) return initialState;
      return getDelivery(client, id, signal);
    },
    args: () => [this.#client(), this.selected] as const,
    onComplete: (detail) => {
      this.detail = detail;
    },
    onError: (error) => this.#fail('load', error),
  });

  #lastAction?: Action['action'];
  readonly #act = new Task(this, {
    autoRun: false,
    task: async ([client, action]: [SmtpSettingsClient, Action], { signal }): Promise<ActionDone> => {
      this.#lastAction = action.action;
      switch (action.action) {
        case 'findFailed':
          return { action: action.action, ids: await findFailed(client, signal) };
        case 'resendAll':
          return { action: action.action, ...(await resendEach(client, action.ids, signal)) };
        case 'resend':
          return { action: action.action, detail: await resendDelivery(client, action.id, signal) };
        case 'discard':
          return { action: action.action, detail: await discardDelivery(client, action.id, signal) };
      }
    },
    onComplete: (done) => void this.#afterAction(done),
    onError: (error) => this.#fail(this.#lastAction === 'discard' ? 'discard' : 'resend', error),
  });

  readonly #poll = new LivePoll(this, {
    interval: () => this.pollInterval,
    poll: (signal) => this.#refresh(signal),
  });

  /** URL the adapter is mounted at, such as `/api/smtp`; used when no `smtpSettingsClientContext` provider is above the element. */
  endpoint?: string;

  /** BCP 47 language tag for times and the log's `lang`; the page's language when unset. */
  locale?: string;

  /** Replacements for any of the English texts, such as `{ resend: 'Erneut senden' }`. */
  strings: Partial<SmtpDeliveryLogStrings> = {};

  /** How often the log looks for changes while it is on screen, in ms; waits stretch up to 8 times as long while nothing changes. */
  pollInterval = 5000;

  /** How many messages a page ("Load more") holds, 1 to 200. */
  pageSize = 25;

  private filter: { status?: DeliveryStatus | undefined; recipient: string } = { recipient: '' };
  private page: ShownPage = { deliveries: [] };
  /** The message whose detail is open. */
  private selected?: string;
  private detail?: DeliveryDetailResponse;
  private confirming?: Confirming;
  private alert?: string;
  private recipientError?: string;
  private status = '';

  #ownClient?: SmtpSettingsClient;
  #t: SmtpDeliveryLogStrings = deliveryLogEn;
  #time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  readonly #formatTime = (iso: string) => this.#time.format(new Date(iso));

  override disconnectedCallback() {
    super.disconnectedCallback();
    // Nobody is left to see the outcome: requests in flight stop, which a Task leaves to its host.
    for (const task of [this.#list, this.#more, this.#detail, this.#act]) task.abort();
  }

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('endpoint')) this.#ownClient = this.endpoint ? createClient(this.endpoint) : undefined;
    if (changed.has('strings')) {
      this.#t = { ...deliveryLogEn, ...this.strings };
      // An announcement in the other language would stay so.
      this.status = '';
    }
    if (changed.has('locale')) {
      this.#time = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'medium' });
    }
  }

  protected override render(): unknown {
    const t = this.#t;
    // A provider may still arrive through context, so this is a hint for the host, not a failure.
    if (!this.#client()) return html`<p part="alert" role="alert">${t.noEndpoint}</p>`;
    const busy = [this.#list, this.#more, this.#detail, this.#act].some(
      (task) => task.status === TaskStatus.PENDING,
    );
    return html`<section part="log" aria-label=${t.logLabel} aria-busy=${busy ? 'true' : 'false'}
        lang=${this.locale || nothing} @keydown=${this.#handleKeydown}>
      ${this.selected === undefined ? this.#renderList() : this.#renderDetail()}
      <div part="alert" role=${this.alert ? 'alert' : nothing}>${this.alert ?? nothing}</div>
      <p part="status" role="status">${this.status}</p>
    </section>`;
  }

  #renderList() {
    const t = this.#t;
    const { deliveries, nextCursor } = this.page;
    const loading = this.#list.status === TaskStatus.PENDING;
    const filtered = this.filter.status !== undefined || this.filter.recipient !== '';
    const confirming = this.confirming?.action === 'resendAll' ? this.confirming : undefined;
    return html`<form part="filters" role="search" aria-label=${t.filters} novalidate class="row"
        @submit=${this.#handleFilter} @change=${this.#handleFilterChange}>
        <div class="field">
          <label for="status">${t.statusFilter}</label>
          <select id="status" name="status" part="select">
            <option value="" ?selected=${!this.filter.status}>${t.allStatuses}</option>
            ${DELIVERY_STATUSES.map(
              (status) =>
                html`<option value=${status} ?selected=${this.filter.status === status}>${t.statuses[status]}</option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="recipient">${t.recipientFilter}</label>
          <input id="recipient" name="recipient" part="input" type="email" autocomplete="off"
            value=${this.filter.recipient} aria-invalid=${this.recipientError ? 'true' : 'false'}
            aria-describedby="recipient-error" />
          <span id="recipient-error" part="error">${this.recipientError ?? nothing}</span>
        </div>
        <button type="submit" part="button">${t.applyFilters}</button>
      </form>
      ${
        confirming
          ? renderConfirm({
              question: t.confirmResendAll(confirming.ids.length),
              confirm: t.resend,
              cancel: t.cancel,
              onConfirm: () => this.#handleConfirm(),
              onCancel: () => this.#handleCancel(),
            })
          : html`<div class="row">
              <button type="button" part="button resend-all-button" id="resend-all" @click=${this.#handleResendAll}>
                ${t.resendAllFailed}
              </button>
            </div>`
      }
      ${
        deliveries.length > 0
          ? renderList(deliveries, t, this.#formatTime, (id) => this.#open(id))
          : html`<p class="muted">${loading ? t.loading : filtered ? t.emptyFiltered : t.empty}</p>`
      }
      ${
        nextCursor && !loading
          ? html`<div class="row">
              <button type="button" part="button more-button" @click=${this.#handleMore}>${t.loadMore}</button>
            </div>`
          : nothing
      }`;
  }

  #renderDetail() {
    const t = this.#t;
    const back = html`<div class="row">
      <button type="button" part="button back-button" id="back" @click=${this.#handleBack}>${t.back}</button>
    </div>`;
    // One template for both, so the Back button that has focus stays the same element when the detail arrives.
    return html`${back}${
      this.detail
        ? renderDetail(this.detail, t, this.#formatTime, this.#renderActions(this.detail.delivery))
        : html`<p class="muted">${this.#detail.status === TaskStatus.PENDING ? t.loading : nothing}</p>`
    }`;
  }

  #renderActions(delivery: DeliveryView) {
    const t = this.#t;
    const resend = canResend(delivery);
    const discard = canDiscard(delivery);
    if (!resend && !discard) return nothing;
    const { confirming } = this;
    if (confirming && confirming.action !== 'resendAll' && confirming.id === delivery.id) {
      const isResend = confirming.action === 'resend';
      return renderConfirm({
        question: isResend ? t.confirmResend : t.confirmDiscard,
        confirm: isResend ? t.resend : t.discard,
        cancel: t.cancel,
        onConfirm: () => this.#handleConfirm(),
        onCancel: () => this.#handleCancel(),
      });
    }
    const ask = (action: 'resend' | 'discard') => () => this.#ask({ action, id: delivery.id });
    return html`<div part="actions" class="row">
      ${resend ? html`<button type="button" part="button resend-button" id="resend" @click=${ask('resend')}>${t.resend}</button>` : nothing}
      ${discard ? html`<button type="button" part="button discard-button" id="discard" @click=${ask('discard')}>${t.discard}</button>` : nothing}
    </div>`;
  }

  /** Looks for changes: the first pages as shown, and the open message. Resolves whether anything changed. */
  async #refresh(signal: AbortSignal): Promise<boolean> {
    const client = this.#client();
    // A load or "Load more" under way brings its own news; a page merged beside it could repeat messages.
    const loading = [this.#list, this.#more].some((task) => task.status === TaskStatus.PENDING);
    if (!client || loading || this.#list.status !== TaskStatus.COMPLETE) return false;
    const { filter, page, selected } = this;
    const limit = Math.min(MAX_PAGE, Math.max(this.pageSize, page.deliveries.length));
    const [fresh, detail] = await Promise.all([
      listDeliveries(client, { ...filter, limit }, signal),
      selected === undefined ? undefined : getDelivery(client, selected, signal),
    ]);
    // The admin moved on meanwhile: what came back answers a question no longer asked.
    if (this.filter !== filter || this.page !== page || this.selected !== selected) return false;
    const merged = mergeFirstPage(page, fresh);
    const listChanged = JSON.stringify(merged) !== JSON.stringify(page);
    const detailChanged = detail !== undefined && JSON.stringify(detail) !== JSON.stringify(this.detail);
    if (listChanged) this.page = merged;
    if (detailChanged) this.detail = detail;
    return listChanged || detailChanged;
  }

  async #afterAction(done: ActionDone) {
    const t = this.#t;
    switch (done.action) {
      case 'findFailed':
        if (done.ids.length === 0) {
          await this.#announce(t.noneFailed);
          return;
        }
        this.confirming = { action: 'resendAll', ids: done.ids };
        await this.#focus('[part~="confirm-button"]');
        return;
      case 'resendAll':
        await this.#announce(t.resentAll(done.resent.length, done.refused.length));
        if (done.resent.length > 0) this.#emit(new SmtpDeliveryResendEvent({ deliveries: done.resent }));
        await this.#focus('#resend-all');
        break;
      case 'resend':
      case 'discard':
        this.detail = done.detail;
        await this.#announce(done.action === 'resend' ? t.resent : t.discarded);
        this.#emit(
          done.action === 'resend'
            ? new SmtpDeliveryResendEvent({ deliveries: [done.detail.delivery] })
            : new SmtpDeliveryDiscardEvent({ delivery: done.detail.delivery }),
        );
        await this.#focus('#back');
        break;
    }
    // What the action changed shows in the list at once, and its consequences soon after.
    this.#poll.now();
  }

  #open(id: string) {
    this.detail = undefined;
    this.confirming = undefined;
    this.alert = undefined;
    this.selected = id;
    void this.#focus('#back');
  }

  #ask(confirming: Confirming) {
    this.confirming = confirming;
    this.alert = undefined;
    void this.#focus('[part~="confirm-button"]');
  }

  #handleConfirm() {
    const client = this.#client();
    const { confirming } = this;
    if (!client || !confirming || this.#act.status === TaskStatus.PENDING) return;
    this.confirming = undefined;
    void this.#act.run([client, confirming]);
  }

  // Focus goes back to the button that asked.
  #handleCancel() {
    const action = this.confirming?.action;
    this.confirming = undefined;
    void this.#focus(action === 'resendAll' ? '#resend-all' : `#${action}`);
  }

  #handleResendAll() {
    const client = this.#client();
    if (!client || this.#act.status === TaskStatus.PENDING) return;
    this.alert = undefined;
    void this.#announce(this.#t.working);
    void this.#act.run([client, { action: 'findFailed' }]);
  }

  // Back where the admin left the list: on the message that was open, or on the filters if it is gone.
  async #handleBack() {
    const id = this.selected;
    this.selected = undefined;
    this.detail = undefined;
    this.confirming = undefined;
    this.alert = undefined;
    await this.updateComplete;
    const row =
      id === undefined ? null : this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    (row ?? this.renderRoot.querySelector<HTMLElement>('#status'))?.focus();
  }

  #handleKeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    if (this.confirming) this.#handleCancel();
    else if (this.selected !== undefined) void this.#handleBack();
  }

  #handleFilter(event: SubmitEvent) {
    event.preventDefault();
    this.#applyFilters(event.currentTarget as HTMLFormElement);
  }

  // The status applies as soon as it is picked; the recipient waits for Enter or the Filter button.
  #handleFilterChange(event: Event) {
    if ((event.target as HTMLElement).id === 'status')
      this.#applyFilters(event.currentTarget as HTMLFormElement);
  }

  #applyFilters(form: HTMLFormElement) {
    const data = new FormData(form);
    const status = String(data.get('status') ?? '');
    const filter = {
      status: (DELIVERY_STATUSES as readonly string[]).includes(status)
        ? (status as DeliveryStatus)
        : undefined,
      recipient: String(data.get('recipient') ?? '').trim(),
    };
    if (filter.status === this.filter.status && filter.recipient === this.filter.recipient) return;
    this.filter = filter;
    this.page = { deliveries: [] };
    this.confirming = undefined;
    this.alert = undefined;
    this.recipientError = undefined;
  }

  #handleMore() {
    const client = this.#client();
    const cursor = this.page.nextCursor;
    if (!client || !cursor || this.#more.status === TaskStatus.PENDING) return;
    void this.#more.run([client, { ...this.filter, cursor, limit: this.pageSize }]);
  }

  #fail(action: SmtpDeliveryLogErrorDetail['action'], error: unknown) {
    if (!this.isConnected || isAbort(error)) return;
    const answered = error instanceof ApiRequestError ? error : undefined;
    const code = answered?.code ?? 'INTERNAL_ERROR';
    const t = this.#t;
    const message = answered
      ? apiErrorText(t, answered)
      : error instanceof Error
        ? error.message
        : String(error);
    const recipient = answered && apiFieldTexts(t, answered)?.recipient;
    if (recipient) this.recipientError = recipient;
    else this.alert = message;
    this.#emit(new SmtpDeliveryLogErrorEvent({ action, code, message }));
  }

  // A status region reads a change: the same words again need one.
  async #announce(status: string) {
    if (this.status === status) {
      this.status = '';
      await this.updateComplete;
    }
    this.status = status;
  }

  async #focus(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // One way out for every event, so the manifest lists them once, from the class JSDoc's @fires.
  #emit(event: Event) {
    this.dispatchEvent(event);
  }

  #client(): SmtpSettingsClient | undefined {
    return this.#contextClient.value ?? this.#ownClient;
  }
}
