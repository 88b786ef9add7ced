import { html, nothing, render } from 'lit';
import { clearInbox, errorMessage, listInbox, type MailSummary, watchInbox } from './demo-api.js';
import type { PageText } from './i18n/page-en.js';
import { readMail } from './mail-reader.js';
import { formatMailTime } from './mail-time.js';
import { messageLine, pageText, withPageText } from './page-language.js';

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

/**
 * Lists the captured mail newest first, adds new mail live, marks a further copy of a Message-ID as a
 * duplicate, opens a message on click and empties the inbox.
 */
export function showInbox(parts: InboxElements): void {
  let messages: MailSummary[] = [];
  const say = messageLine(parts.status);
  const show = (text: PageText) => {
    parts.empty.hidden = messages.length > 0;
    parts.count.textContent = text.messageCount(
      messages.length,
      messages.filter(({ copy }) => copy > 1).length,
    );
    render(
      messages.map(
        (mail) => html`<li>
          <button type="button" class="mail-row" @click=${() => readMail(parts.reader, parts.readerContent, mail.id)}>
            <span class="mail-subject">${mail.subject || text.noSubject}${
              mail.copy > 1
                ? html` <span class="mail-duplicate">${text.duplicateCopy(mail.copy)}</span>`
                : nothing
            }</span>
            <time class="mail-time" datetime=${mail.date}>${formatMailTime(mail.date)}</time>
            <span class="mail-people"><span class="visually-hidden">${text.from} </span>${mail.from}
              <span aria-hidden="true">→ </span><span class="visually-hidden"> ${text.to.toLowerCase()} </span>${mail.to.join(', ')}</span>
          </button>
        </li>`,
      ),
      parts.list,
    );
  };
  const update = () => show(pageText());
  withPageText(show);

  // Mail that arrives while the list loads; undefined when no list is loading.
  let arrivedMeanwhile: MailSummary[] | undefined;
  const reload = async () => {
    const meanwhile: MailSummary[] = [];
    arrivedMeanwhile = meanwhile;
    try {
      messages = oncePerId([...meanwhile, ...(await listInbox())]);
      update();
    } catch (error) {
      say((text) => text.inboxUnavailable(errorMessage(error)));
    } finally {
      if (arrivedMeanwhile === meanwhile) arrivedMeanwhile = undefined;
    }
  };
  const source = watchInbox((mail) => {
    arrivedMeanwhile?.unshift(mail);
    messages = oncePerId([mail, ...messages]);
    update();
  });
  // Listing on every (re)connection catches mail sent while the stream was down; a refused stream still gets one list.
  source.addEventListener('open', reload);
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) void reload();
  });
  parts.clear.addEventListener('click', async () => {
    try {
      await clearInbox();
      messages = [];
      say((text) => text.inboxCleared);
      update();
    } catch (error) {
      say((text) => text.clearFailed(errorMessage(error)));
    }
  });
}

/** Keeps the first of each inbox id: the list and the stream can both bring a message (its copies have ids of their own). */
function oncePerId(messages: MailSummary[]): MailSummary[] {
  const seen = new Set<string>();
  return messages.filter((mail) => !seen.has(mail.id) && seen.add(mail.id));
}
