import type { DeliveryStatus, DeliveryView } from '@smtp-settings/schema';
import { html, nothing, render } from 'lit';
import { followDelivery } from './delivery-status.js';
import { deliveryUrl, errorMessage, sendNotification } from './demo-api.js';
import type { PageText } from './i18n/page-en.js';
import { formatMailTime } from './mail-time.js';
import { type Message, messageLine, pageText, withPageText } from './page-language.js';

/** How the status line looks per status: green once sent, red while an admin must act or for good; plain while it waits. */
const STATUS_TONES: Partial<Record<DeliveryStatus, 'success' | 'error'>> = {
  sent: 'success',
  held: 'error',
  failed: 'error',
};

/** The parts of the notification panel in `index.html`. */
export interface NotifyElements {
  form: HTMLFormElement;
  recipient: HTMLInputElement;
  /** The status line (`role="status"`): sending, queued, and the message's progress with the reason it waits. */
  status: HTMLElement;
  /** Where a queued message's outbox id shows. */
  delivery: HTMLElement;
}

/**
 * Hands the sample notification to the outbox when the form is submitted: says it is queued, shows its
 * id and follows its status from the delivery log (the id alone while the adapter has none).
 */
export function handleNotifyForm({ form, recipient, status, delivery }: NotifyElements): void {
  const button = form.querySelector('button[type="submit"]');
  const say = messageLine(status);
  let sending = false;
  // The message whose id shows, with the link to its record once the adapter answered for it.
  let queued: { id: string; found: boolean } | undefined;
  let following: AbortController | undefined;
  const showDelivery = (text: PageText) =>
    render(
      queued
        ? html`${text.outboxId} <code>${queued.id}</code>${
            queued.found ? html` · <a href=${deliveryUrl(queued.id)}>${text.deliveryRecord}</a>` : nothing
          }`
        : nothing,
      delivery,
    );
  withPageText(showDelivery);
  const update = (next: typeof queued) => {
    queued = next;
    delivery.hidden = !next;
    showDelivery(pageText());
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    following?.abort();
    update(undefined);
    button?.setAttribute('aria-disabled', 'true');
    status.className = 'status';
    say((text) => text.sending);
    try {
      const { id, to } = await sendNotification(recipient.value.trim() || undefined);
      status.classList.add('success');
      say((text) => text.notificationQueued(to));
      update({ id, found: false });
      following = new AbortController();
      void followDelivery(
        id,
        ({ delivery: view }) => {
          if (queued?.id !== id) return;
          if (!queued.found) update({ id, found: true });
          status.className = `status ${STATUS_TONES[view.status] ?? ''}`;
          say(deliveryLine(to, view));
        },
        following.signal,
      );
    } catch (error) {
      say(() => errorMessage(error));
      status.classList.add('error');
    } finally {
      button?.removeAttribute('aria-disabled');
      sending = false;
    }
  });
}

/** A queued message's progress in a sentence: status, its failure code and next attempt or send time, and why it waits or failed. */
function deliveryLine(to: string, view: DeliveryView): Message {
  return (text) => {
    const details = [
      view.failure?.code,
      view.status === 'sent' && view.sentAt ? text.sentAt(formatMailTime(view.sentAt)) : undefined,
      (view.status === 'retrying' || view.status === 'queued') && view.nextAttemptAt
        ? text.nextAttemptAt(formatMailTime(view.nextAttemptAt))
        : undefined,
    ].filter((detail) => detail !== undefined);
    // The adapter's own words for the failure (English, as a Test shows them).
    const reason = view.status === 'sent' ? undefined : view.failure?.message;
    return text.notificationStatus(to, text.deliveryStatuses[view.status], details.join(', '), reason);
  };
}
