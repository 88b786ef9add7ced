import type { OAuthProvider } from '@smtp-settings/schema';
import { html, raw } from 'hono/html';

/** What the consent page shows. */
export interface ConsentPageContent {
  /** Which local provider is asking. */
  provider: OAuthProvider;
  /** The account that signs in. */
  account: string;
  /** The app registration's client ID, as the requesting app. */
  clientId: string;
  /** The Microsoft directory (tenant) signed in to. */
  directory?: string;
  /** The scopes requested, space-separated. */
  scope: string;
  /** Nonce of the page's one `<style>` element, matching its CSP. */
  styleNonce: string;
}

// Logos drawn in CSS, so the page needs no image.
const BRANDS = {
  microsoft: {
    name: 'Microsoft',
    accent: '#0067b8',
    logo: raw('<span class="squares" aria-hidden="true"><i></i><i></i><i></i><i></i></span>'),
  },
  google: {
    name: 'Google',
    accent: '#1a73e8',
    logo: raw('<span class="g" aria-hidden="true"><b>G</b><b>o</b><b>o</b><b>g</b><b>l</b><b>e</b></span>'),
  },
} as const;

/**
 * The sign-in and consent screen of the "local Microsoft" or "local Google": who asks, for which
 * account and permissions, and an Accept and a Cancel button that post the decision back to this URL.
 * No script: the form does the work.
 */
export function consentPage({
  provider,
  account,
  directory,
  clientId,
  scope,
  styleNonce,
}: ConsentPageContent) {
  const brand = BRANDS[provider];
  const scopes = scope.split(' ').filter(Boolean);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account – local ${brand.name}</title>
<style nonce="${styleNonce}">
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f2f2f2; color: #1b1b1b; }
  main { width: min(440px, calc(100vw - 32px)); background: #fff; padding: 36px 40px; box-shadow: 0 2px 6px rgb(0 0 0 / 0.2); border-radius: ${provider === 'google' ? '8px' : '0'}; }
  .brand { display: flex; align-items: center; gap: 8px; font-size: 1.1rem; color: #5e5e5e; }
  .squares { display: grid; grid-template-columns: 10px 10px; gap: 2px; }
  .squares i { display: block; width: 10px; height: 10px; background: #f25022; }
  .squares i:nth-child(2) { background: #7fba00; }
  .squares i:nth-child(3) { background: #00a4ef; }
  .squares i:nth-child(4) { background: #ffb900; }
  .g { font-weight: 600; font-size: 1.3rem; letter-spacing: -0.5px; color: #4285f4; }
  .g b:nth-child(2), .g b:nth-child(6) { color: #ea4335; }
  .g b:nth-child(3) { color: #fbbc05; }
  .g b:nth-child(5) { color: #34a853; }
  .note { font-size: 0.8rem; color: #5e5e5e; }
  .account { margin: 16px 0 8px; font-size: 0.95rem; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 8px 0 16px; }
  ul { padding-left: 20px; font-size: 0.9rem; }
  code { font-size: 0.85rem; word-break: break-all; }
  .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
  button { font: inherit; min-width: 108px; padding: 6px 12px; border: 1px solid #8a8a8a; background: #fff; cursor: pointer; border-radius: ${provider === 'google' ? '4px' : '0'}; }
  button[value="accept"] { background: ${brand.accent}; border-color: ${brand.accent}; color: #fff; }
  button:focus-visible { outline: 2px solid #000; outline-offset: 2px; }
</style>
</head>
<body>
<main>
  <div class="brand">${brand.logo}<span>local ${brand.name}</span></div>
  <p class="note">A stand-in for ${brand.name} that runs inside the demo; nothing leaves this machine.</p>
  <p class="account">${account}</p>
  <h1>Permissions requested</h1>
  <p><strong>smtp-settings demo</strong> wants to send mail as <strong>${account}</strong>.</p>
  <p>App (client) ID <code>${clientId}</code>${directory ? html` in directory <code>${directory}</code>` : ''} asks to:</p>
  <ul>${scopes.map((item) => html`<li><code>${item}</code></li>`)}</ul>
  <form method="post">
    <div class="actions">
      <button type="submit" name="decision" value="cancel">Cancel</button>
      <button type="submit" name="decision" value="accept">Accept</button>
    </div>
  </form>
</main>
</body>
</html>`;
}
