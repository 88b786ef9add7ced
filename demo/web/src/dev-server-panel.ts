import { html, render } from 'lit';
import { changePassword, type DemoInfo, errorMessage, getInfo } from './demo-api.js';
import type { PageText } from './i18n/page-en.js';
import { pageText, withPageText } from './page-language.js';
import { richText } from './rich-text.js';

interface Row {
  label: string;
  value: string;
  copy?: boolean;
}

/**
 * Fills `container` with the development mail server's login and the OAuth app values, to copy into the
 * form, and a button that changes the server's password (so the saved one fails to sign in).
 */
export async function showDevServer(container: HTMLElement): Promise<void> {
  const loaded = await getInfo().then(
    (info) => ({ info }),
    (error: unknown) => ({ error }),
  );
  // The last copy's or password change's outcome; a language switch clears it rather than keep a sentence in the old language.
  let status = '';
  const show = (text: PageText) =>
    render(
      'info' in loaded
        ? renderInfo(loaded.info, text, status, { onCopy: say, onChangePassword })
        : renderError(loaded.error, text),
      container,
    );
  const say = (next: string) => {
    status = next;
    show(pageText());
  };
  const onChangePassword = async () => {
    if (!('info' in loaded)) return;
    try {
      const { password } = await changePassword();
      loaded.info.smtp.password = password;
      say(pageText().passwordChanged(password));
    } catch (error) {
      say(pageText().passwordChangeFailed(errorMessage(error)));
    }
  };
  // Lit renders after existing children; the static "Loading…" goes first.
  container.replaceChildren();
  withPageText((text) => {
    status = '';
    show(text);
  });
}

/** Shows how a copy went. */
type CopyOutcome = (status: string) => void;

/** What the panel's buttons do. */
interface PanelActions {
  onCopy: CopyOutcome;
  onChangePassword: () => void;
}

function renderError(error: unknown, text: PageText) {
  return html`<p class="error" role="alert">${text.devServerUnavailable(errorMessage(error))}</p>`;
}

function renderInfo(
  { smtp, oauth }: DemoInfo,
  text: PageText,
  status: string,
  { onCopy, onChangePassword }: PanelActions,
) {
  return html`
    <p class="hint">${richText(text.devServerHint)}</p>
    ${renderRows(text, text.mailServer, onCopy, [
      { label: text.host, value: smtp.host },
      { label: text.port, value: String(smtp.port) },
      { label: text.security, value: 'STARTTLS', copy: false },
      { label: text.user, value: smtp.user },
      { label: text.password, value: smtp.password },
    ])}
    <button type="button" class="quiet small" @click=${onChangePassword}>${text.changePassword}</button>
    <h3>OAuth</h3>
    ${oauth.mode === 'local' ? renderLocalOAuth(oauth, text, onCopy) : html`<p class="hint">${richText(text.realOAuthHint)}</p>`}
    <p class="status" role="status">${status}</p>
  `;
}

function renderLocalOAuth({ accounts, clients }: DemoInfo['oauth'], text: PageText, onCopy: CopyOutcome) {
  return html`
    <p class="hint">${richText(text.localOAuthHint)}</p>
    <p class="hint">${richText(text.localGraphHint)}</p>
    ${
      clients
        ? html`<details>
            <summary>${text.appValues('Microsoft')}</summary>
            ${renderRows(text, 'Microsoft', onCopy, [
              { label: text.clientId, value: clients.microsoft.clientId },
              { label: text.clientSecret, value: clients.microsoft.clientSecret },
              { label: text.tenantId, value: clients.microsoft.tenantId },
              { label: text.signsInAs, value: accounts.microsoft ?? '', copy: false },
            ])}
          </details>
          <details>
            <summary>${text.appValues('Google')}</summary>
            ${renderRows(text, 'Google', onCopy, [
              { label: text.clientId, value: clients.google.clientId },
              { label: text.clientSecret, value: clients.google.clientSecret },
              { label: text.signsInAs, value: accounts.google ?? '', copy: false },
            ])}
          </details>`
        : ''
    }
  `;
}

/** A list of values; each copy button is named after `group` and the label, such as "Copy mail server host". */
function renderRows(text: PageText, group: string, onCopy: CopyOutcome, rows: Row[]) {
  return html`<dl class="credentials">
    ${rows.map(({ label, value, copy = true }) => {
      const name = text.copyName(group, label);
      return html`<div>
        <dt>${label}</dt>
        <dd>
          <code>${value}</code>
          ${
            copy
              ? html`<button type="button" class="quiet small" aria-label=${text.copyLabel(name)}
                  @click=${() => copyValue(value, text, name, onCopy)}>
                ${text.copy}
              </button>`
              : ''
          }
        </dd>
      </div>`;
    })}
  </dl>`;
}

async function copyValue(value: string, text: PageText, name: string, onCopy: CopyOutcome): Promise<void> {
  try {
    await navigator.clipboard.writeText(value);
    onCopy(text.copied(name));
  } catch {
    onCopy(text.copyFailed(name));
  }
}
