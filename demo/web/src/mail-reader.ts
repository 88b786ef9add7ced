import { html, nothing, render } from 'lit';
import { errorMessage, getMail } from './demo-api.js';
import { formatMailTime } from './mail-time.js';
import { pageText } from './page-language.js';

/** Opens `dialog` on one captured message: its headers, text body and (sandboxed) HTML body. */
export async function readMail(dialog: HTMLDialogElement, content: HTMLElement, id: string): Promise<void> {
  // The modal dialog keeps the language switch out of reach, so the texts of the moment it opens hold.
  const text = pageText();
  render(html`<p role="status">${text.loadingMessage}</p>`, content);
  if (!dialog.open) dialog.showModal();
  try {
    const mail = await getMail(id);
    render(
      html`<h2 id="reader-subject">${mail.subject || text.noSubject}</h2>
        <dl class="mail-headers">
          <div><dt>${text.from}</dt><dd>${mail.from}</dd></div>
          <div><dt>${text.to}</dt><dd>${mail.to.join(', ')}</dd></div>
          <div><dt>${text.date}</dt><dd><time datetime=${mail.date}>${formatMailTime(mail.date)}</time></dd></div>
        </dl>
        <pre class="mail-text">${mail.text || text.noTextBody}</pre>
        ${
          mail.html
            ? // An empty sandbox runs no script and treats the mail as a foreign origin: the body can't reach the page.
              html`<details>
              <summary>${text.htmlVersion}</summary>
              <iframe class="mail-html" title=${text.htmlVersionTitle} sandbox="" .srcdoc=${mail.html}></iframe>
            </details>`
            : nothing
        }`,
      content,
    );
  } catch (error) {
    render(
      html`<h2 id="reader-subject">${text.messageUnavailable}</h2><p class="error">${errorMessage(error)}</p>`,
      content,
    );
  }
}
