import { DemoApiError, errorMessage, sendNotification } from './demo-api.js';

/** Sends the sample notification when `form` is submitted and says how it went in `status`. */
export function handleNotifyForm(
  form: HTMLFormElement,
  recipient: HTMLInputElement,
  status: HTMLElement,
): void {
  const button = form.querySelector('button[type="submit"]');
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    button?.setAttribute('aria-disabled', 'true');
    status.className = 'status';
    status.textContent = 'Sending…';
    try {
      const { to } = await sendNotification(recipient.value.trim() || undefined);
      status.textContent = `Notification sent to ${[to].flat().join(', ')}`;
      status.classList.add('success');
    } catch (error) {
      status.textContent =
        error instanceof DemoApiError && error.status === 409
          ? 'Save mail settings first'
          : errorMessage(error);
      status.classList.add('error');
    } finally {
      button?.removeAttribute('aria-disabled');
      sending = false;
    }
  });
}
