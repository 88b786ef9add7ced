import type { DeliveryView } from '@smtp-settings/schema';
import { html, nothing, render } from 'lit';
import { followDelivery } from './delivery-status.js';
import { DemoApiError, deliveryUrl, errorMessage, sendNotification } from './demo-api.js';
import type { PageText } from './i18n/page-en.js';
import { formatMailTime } from './mail-time.js';
import { type Message, messageLine, pageText, withPageText } from './page-language.js';

/** The parts of the notification panel in `index.html`. */
export interface NotifyElements {
  form: HTMLFormElement;
  recipient: HTMLInputElement;
  /** The status line (`role="status"`): sending, sent or queued, and a queued message's progress. */
  status: HTMLElement;
  /** Where a queued message's outbox id shows. */
  delivery: HTMLElement;
}

/**
 * Sends the sample notification when the form is submitted and says how it went. A mailer's answer
 * says it was sent; an outbox's answer (`{ id }`) says it is queued, shows the id and follows its
 * status from the delivery log while the adapter has one.
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
      const answer = await sendNotification(recipient.value.trim() || undefined);
      const to = [answer.to].flat().join(', ');
      status.classList.add('success');
      if (!('id' in answer)) {
        say((text) => text.notificationSent(to));
        return;
      }
      const { id } = answer;
      say((text) => text.notificationQueued(to));
      update({ id, found: false });
      following = new AbortController();
      void followDelivery(
        id,
        ({ delivery: view }) => {
          if (queued?.id !== id) return;
          if (!queued.found) update({ id, found: true });
          status.className = view.status === 'failed' ? 'status error' : 'status success';
          say(deliveryLine(to, view));
        },
        following.signal,
      );
    } catch (error) {
      say((text) =>
        error instanceof DemoApiError && error.status === 409 ? text.saveSettingsFirst : errorMessage(error),
      );
      status.classList.add('error');
    } finally {
      button?.removeAttribute('aria-disabled');
      sending = false;
    }
  });
}

/** A queued message's progress in a sentence: status, and its failure code and next attempt or send time. */
function deliveryLine(to: string, view: DeliveryView): Message {
  return (text) => {
    const details = [
      view.failure?.code,
      view.status === 'sent' && view.sentAt ? text.sentAt(formatMailTime(view.sentAt)) : undefined,
      (view.status === 'retrying' || view.status === 'queued') && view.nextAttemptAt
        ? text.nextAttemptAt(formatMailTime(view.nextAttemptAt))
        : undefined,
    ].filter((detail) => detail !== undefined);
    return text.notificationStatus(to, text.deliveryStatuses[view.status], details.join(', '));
  };
}
