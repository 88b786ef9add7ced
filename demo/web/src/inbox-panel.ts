import { html, render } from 'lit';
import { clearInbox, errorMessage, listInbox, type MailSummary, watchInbox } from './demo-api.js';
import { readMail } from './mail-reader.js';
import { formatMailTime } from './mail-time.js';

/** The parts of the Inbox panel in `index.html`. */
export interface InboxElements {
  list: HTMLOListElement;
  empty: HTMLElement;
  count: HTMLElement;
  clear: HTMLButtonElement;
  status: HTMLElement;
  reader: HTMLDialogElement;
  readerContent: HTMLElement;
}

/** Lists the captured mail newest first, adds new mail live, opens a message on click and empties the inbox. */
export async function showInbox(parts: InboxElements): Promise<void> {
  let messages: MailSummary[] = [];
  const update = () => {
    parts.empty.hidden = messages.length > 0;
    parts.count.textContent =
      messages.length === 1 ? '1 message' : messages.length ? `${messages.length} messages` : '';
    render(
      messages.map(
        (mail) => html`<li>
          <button type="button" class="mail-row" @click=${() => readMail(parts.reader, parts.readerContent, mail.id)}>
            <span class="mail-subject">${mail.subject || '(no subject)'}</span>
            <time class="mail-time" datetime=${mail.date}>${formatMailTime(mail.date)}</time>
            <span class="mail-people"><span class="visually-hidden">From </span>${mail.from}
              <span aria-hidden="true">→ </span><span class="visually-hidden"> to </span>${mail.to.join(', ')}</span>
          </button>
        </li>`,
      ),
      parts.list,
    );
  };

  // Subscribe before listing, so mail that arrives in between is not missed; the id check drops duplicates.
  watchInbox((mail) => {
    if (messages.some((known) => known.id === mail.id)) return;
    messages = [mail, ...messages];
    update();
  });
  parts.clear.addEventListener('click', async () => {
    try {
      await clearInbox();
      messages = [];
      parts.status.textContent = 'Inbox cleared';
      update();
    } catch (error) {
      parts.status.textContent = `Could not clear the inbox: ${errorMessage(error)}`;
    }
  });
  try {
    const listed = await listInbox();
    messages = [...messages, ...listed.filter((mail) => !messages.some((known) => known.id === mail.id))];
    update();
  } catch (error) {
    parts.status.textContent = `Could not load the inbox: ${errorMessage(error)}`;
  }
}
