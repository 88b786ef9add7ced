import { DemoApiError, errorMessage, sendNotification } from './demo-api.js';
import { messageLine } from './page-language.js';

/** Sends the sample notification when `form` is submitted and says how it went in `status`. */
export function handleNotifyForm(
  form: HTMLFormElement,
  recipient: HTMLInputElement,
  status: HTMLElement,
): void {
  const button = form.querySelector('button[type="submit"]');
  const say = messageLine(status);
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    button?.setAttribute('aria-disabled', 'true');
    status.className = 'status';
    say((text) => text.sending);
    try {
      const { to } = await sendNotification(recipient.value.trim() || undefined);
      say((text) => text.notificationSent([to].flat().join(', ')));
      status.classList.add('success');
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
