import type { DeliverySummaryResponse } from '@smtp-settings/schema';
import { html, nothing } from 'lit';
import type { SmtpSettingsClient } from '../api/client.js';
import { ApiRequestError } from '../api/errors.js';
import { getDeliverySummary } from '../api/requests.js';
import { describeError, isAbort } from '../form/error-detail.js';
import type { FormState } from '../form/form-context.js';
import { FormPart } from '../form/form-part.js';
import { LivePoll } from '../live-poll/live-poll.js';
import { formatDateTime } from '../localize/date-time.js';
import { serverText } from '../localize/server-text.js';

type Held = NonNullable<DeliverySummaryResponse['held']>;

// Without a delivery log the adapter has no such route: nothing to report, and nothing wrong.
const isMissing = (error: unknown) => error instanceof ApiRequestError && error.status === 404;

/**
 * How mail went lately, from the adapter's delivery log: last success, failures in 24 hours, messages
 * held; and while mail is held, a banner saying why and that Save sends it. Follows the outbox while the
 * form is on screen (read at once, after each save and every `interval`), and says once that a hold
 * began or ended. Shows nothing when the adapter keeps no delivery log.
 */
export class DeliveryStatusElement extends FormPart {
  static override properties = {
    interval: { attribute: false },
    summary: { state: true },
    error: { state: true },
    news: { state: true },
  };

  /** How often to look for changes while the form is on screen, in ms: the form's `pollInterval`. */
  interval = 5000;

  private summary?: DeliverySummaryResponse;
  private error?: unknown;
  /** A hold that began or ended since the form opened, for the status region to say once. */
  private news?: 'held' | 'resumed';

  readonly #poll = new LivePoll(this, {
    interval: () => this.interval,
    poll: (signal) => this.#read(signal),
  });
  #client?: SmtpSettingsClient;
  #version?: number;

  protected override willUpdate() {
    const { client, saved } = this.form ?? {};
    if (client !== this.#client) this.error = undefined;
    // A save ends a hold at once: read now rather than at the next poll.
    if (client !== this.#client || saved?.version !== this.#version) {
      this.#client = client;
      this.#version = saved?.version;
      this.#poll.now();
    }
  }

  // The banner is no live region, or every poll that changed its count would read it out again: a
  // hidden one says that a hold began (in the banner's words) or ended, and is silent once they change.
  protected override render(): unknown {
    const { form, summary, error, news } = this;
    if (!form || isMissing(error)) return nothing;
    const held = summary?.held;
    return html`${summary ? this.#renderLine(form, summary) : nothing}${
      error
        ? html`<p part="delivery-status" class="muted">${describeError(error, form.t).message}</p>`
        : nothing
    }${held ? html`<p part="held-banner">${this.#heldText(form, held)}</p>` : nothing}<p class="visually-hidden" role="status">${
      news === 'resumed' ? form.t.heldEnded : news && held ? this.#heldText(form, held) : nothing
    }</p>`;
  }

  #renderLine({ t, locale }: FormState, { lastSuccessAt, counts, held }: DeliverySummaryResponse) {
    const parts = [
      lastSuccessAt ? t.lastSent(formatDateTime(lastSuccessAt, locale)) : t.nothingSent,
      t.failedToday(counts.failed),
      t.heldCount(held?.waiting ?? 0),
    ];
    return html`<p part="delivery-status" class="muted"><strong>${t.deliveryStatus}:</strong> ${parts.join(' · ')}</p>`;
  }

  #heldText({ t, locale }: FormState, { failure, since, waiting }: Held) {
    // NOT_CONFIGURED holds for nothing saved, for saved settings the outbox found invalid and for a saved
    // secret it cannot decrypt: only the failure's own text says which. That text (and that of a code this
    // version does not know yet) is a sentence: its full stop goes, the banner's sentence goes on.
    const own = failure.code === 'NOT_CONFIGURED' && failure.messageKey !== 'failure.notConfigured';
    const reason =
      (own ? undefined : t.failureReasons[failure.code]) ??
      serverText(t, { text: failure.message, key: failure.messageKey, params: failure.params }).replace(
        /\.$/,
        '',
      );
    return t.heldBanner(waiting, formatDateTime(since, locale), reason);
  }

  /** Reads the summary once; resolves whether it changed. */
  async #read(signal: AbortSignal): Promise<boolean> {
    const client = this.#client;
    if (!client || isMissing(this.error)) return false;
    try {
      const summary = await getDeliverySummary(client, signal);
      const before = this.summary;
      this.error = undefined;
      if (JSON.stringify(summary) === JSON.stringify(before)) return false;
      this.summary = summary;
      // News is a hold that began or ended; a hold that goes on, whatever its count, is not.
      this.news = !summary.held === !before?.held ? undefined : summary.held ? 'held' : 'resumed';
      return true;
    } catch (error) {
      // A read given up leaves the last summary on show; one that failed says why.
      if (!isAbort(error)) this.error = error;
      throw error;
    }
  }
}
