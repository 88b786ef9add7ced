import { html, nothing, render } from 'lit';
import { errorMessage, getMail } from './demo-api.js';
import { formatMailTime } from './mail-time.js';

/** Opens `dialog` on one captured message: its headers, text body and (sandboxed) HTML body. */
export async function readMail(dialog: HTMLDialogElement, content: HTMLElement, id: string): Promise<void> {
  render(html`<p role="status">Loading the message…</p>`, content);
  if (!dialog.open) dialog.showModal();
  try {
    const mail = await getMail(id);
    render(
      html`<h2 id="reader-subject">${mail.subject || '(no subject)'}</h2>
        <dl class="mail-headers">
          <div><dt>From</dt><dd>${mail.from}</dd></div>
          <div><dt>To</dt><dd>${mail.to.join(', ')}</dd></div>
          <div><dt>Date</dt><dd><time datetime=${mail.date}>${formatMailTime(mail.date)}</time></dd></div>
        </dl>
        <pre class="mail-text">${mail.text || '(no text body)'}</pre>
        ${
          mail.html
            ? // An empty sandbox runs no script and treats the mail as a foreign origin: the body can't reach the page.
              html`<details>
              <summary>HTML version</summary>
              <iframe class="mail-html" title="HTML version of the message" sandbox="" .srcdoc=${mail.html}></iframe>
            </details>`
            : nothing
        }`,
      content,
    );
  } catch (error) {
    render(
      html`<h2 id="reader-subject">Message unavailable</h2><p class="error">${errorMessage(error)}</p>`,
      content,
    );
  }
}
