import { initialState, Task } from '@lit/task';
import type { DeliverySummaryResponse } from '@smtp-settings/schema';
import { html, nothing } from 'lit';
import { ApiRequestError } from '../api/errors.js';
import { getDeliverySummary } from '../api/requests.js';
import { describeError } from '../form/error-detail.js';
import type { FormState } from '../form/form-context.js';
import { FormPart } from '../form/form-part.js';
import { formatDateTime } from '../localize/date-time.js';
import { serverText } from '../localize/server-text.js';

/** How long after a save the summary is read again, as the mail the save released goes out. */
const RECHECK_MS = 3_000;

/**
 * How mail went lately, from the adapter's delivery log: last success, failures in 24 hours, messages
 * held; and while mail is held, a banner saying why and that Save sends it. Shows nothing when the
 * adapter keeps no delivery log.
 */
export class DeliveryStatusElement extends FormPart {
  // Read again whenever the saved version changes: a save ends a hold at once.
  readonly #summary = new Task(this, {
    task: ([client], { signal }) => (client ? getDeliverySummary(client, signal) : initialState),
    args: () => [this.form?.client, this.form?.saved?.version] as const,
  });

  #version?: number;
  #recheck?: ReturnType<typeof setTimeout>;

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#recheck);
    this.#summary.abort();
  }

  protected override willUpdate() {
    const version = this.form?.saved?.version;
    if (this.#version !== undefined && version !== this.#version) {
      clearTimeout(this.#recheck);
      this.#recheck = setTimeout(() => void this.#summary.run(), RECHECK_MS);
    }
    this.#version = version;
  }

  // From the last summary read, kept while the next one loads, so the banner's live region does not
  // empty and refill (and speak again) on every reload.
  protected override render(): unknown {
    const { form } = this;
    const summary = this.#summary.value;
    const { error } = this.#summary;
    // Without a delivery log the adapter has no such route: nothing to report, and nothing wrong.
    if (!form || (error instanceof ApiRequestError && error.status === 404)) return nothing;
    // A polite region: the banner is present on arrival, not news the admin just caused.
    return html`${summary ? this.#renderLine(form, summary) : nothing}${
      error
        ? html`<p part="delivery-status" class="muted">${describeError(error, form.t).message}</p>`
        : nothing
    }<p part="held-banner" role="status">${summary?.held ? this.#heldText(form, summary.held) : nothing}</p>`;
  }

  #renderLine({ t, locale }: FormState, { lastSuccessAt, counts, held }: DeliverySummaryResponse) {
    const parts = [
      lastSuccessAt ? t.lastSent(formatDateTime(lastSuccessAt, locale)) : t.nothingSent,
      t.failedToday(counts.failed),
      t.heldCount(held?.waiting ?? 0),
    ];
    return html`<p part="delivery-status" class="muted"><strong>${t.deliveryStatus}:</strong> ${parts.join(' · ')}</p>`;
  }

  #heldText(
    { t, locale }: FormState,
    { failure, since, waiting }: NonNullable<DeliverySummaryResponse['held']>,
  ) {
    // A code this version does not know yet reads in the server's own words.
    const reason =
      t.failureReasons[failure.code] ??
      serverText(t, { text: failure.message, key: failure.messageKey, params: failure.params });
    return t.heldBanner(waiting, formatDateTime(since, locale), reason);
  }
}
