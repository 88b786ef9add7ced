import { html, render } from 'lit';
import { type DemoInfo, errorMessage, getInfo } from './demo-api.js';

interface Row {
  label: string;
  value: string;
  copy?: boolean;
}

/** Fills `container` with the development mail server's login and the OAuth app values, to copy into the form. */
export async function showDevServer(container: HTMLElement): Promise<void> {
  // Lit renders after existing children; the static "Loading…" goes first.
  const content = await getInfo().then(renderInfo, (error: unknown) => renderError(error));
  container.replaceChildren();
  render(content, container);
}

function renderError(error: unknown) {
  return html`<p class="error" role="alert">Could not load the server details: ${errorMessage(error)}</p>`;
}

function renderInfo({ smtp, oauth }: DemoInfo) {
  return html`
    <p class="hint">
      Use these in <strong>Basic Authentication</strong>, or pick the preset
      <strong>Demo mail server (this machine)</strong> and type the user and password.
    </p>
    ${renderRows('mail server', [
      { label: 'Host', value: smtp.host },
      { label: 'Port', value: String(smtp.port) },
      { label: 'Security', value: 'STARTTLS', copy: false },
      { label: 'User', value: smtp.user },
      { label: 'Password', value: smtp.password },
    ])}
    <h3>OAuth</h3>
    ${oauth.mode === 'local' ? renderLocalOAuth(oauth) : renderRealOAuth()}
    <p class="status" role="status" data-copy-status></p>
  `;
}

function renderLocalOAuth({ accounts, clients }: DemoInfo['oauth']) {
  return html`
    <p class="hint">
      <strong>Get Refresh Token</strong> signs in at a local Microsoft/Google look-alike; click <strong>Accept</strong>.
    </p>
    ${
      clients
        ? html`<details>
            <summary>Microsoft app values</summary>
            ${renderRows('Microsoft', [
              { label: 'Client ID', value: clients.microsoft.clientId },
              { label: 'Client Secret', value: clients.microsoft.clientSecret },
              { label: 'Tenant ID', value: clients.microsoft.tenantId },
              { label: 'Signs in as', value: accounts.microsoft ?? '', copy: false },
            ])}
          </details>
          <details>
            <summary>Google app values</summary>
            ${renderRows('Google', [
              { label: 'Client ID', value: clients.google.clientId },
              { label: 'Client Secret', value: clients.google.clientSecret },
              { label: 'Signs in as', value: accounts.google ?? '', copy: false },
            ])}
          </details>`
        : ''
    }
  `;
}

function renderRealOAuth() {
  return html`<p class="hint">
    <strong>Get Refresh Token</strong> signs in at the real Microsoft and Google: register the form's Fallback URL with
    your app registration first.
  </p>`;
}

/** A list of values; each copy button is named after `group` and the label, such as "Copy mail server host". */
function renderRows(group: string, rows: Row[]) {
  return html`<dl class="credentials">
    ${rows.map(({ label, value, copy = true }) => {
      const name = `${group} ${label.toLowerCase()}`;
      return html`<div>
        <dt>${label}</dt>
        <dd>
          <code>${value}</code>
          ${
            copy
              ? html`<button type="button" class="quiet small" aria-label=${`Copy ${name}`} @click=${copyHandler(value, name)}>
                Copy
              </button>`
              : ''
          }
        </dd>
      </div>`;
    })}
  </dl>`;
}

function copyHandler(value: string, label: string) {
  return async (event: Event) => {
    const status = (event.currentTarget as HTMLElement).closest('.card')?.querySelector('[data-copy-status]');
    try {
      await navigator.clipboard.writeText(value);
      if (status) status.textContent = `Copied ${label}`;
    } catch {
      if (status) status.textContent = `Could not copy: select the ${label} and copy it by hand`;
    }
  };
}
