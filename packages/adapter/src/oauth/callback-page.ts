import { OAUTH_MESSAGE_TYPE, type OAuthFlowResponse } from '@smtp-settings/schema';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

// JSON inside a <script> element must not be able to close it.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The small page the provider redirects the popup to. It tells the widget how the flow ended —
 * through a same-origin BroadcastChannel and through `postMessage` to the trusted origins only, since an
 * identity provider's Cross-Origin-Opener-Policy may have cut `window.opener` — then closes itself.
 * It carries the flow id and the outcome, never a token.
 */
export function callbackPage(
  flow: Partial<OAuthFlowResponse>,
  targetOrigins: readonly string[],
  nonce: string,
): string {
  const ok = flow.status === 'completed';
  const title = ok ? 'Connected' : 'Sign-in did not complete';
  const lines = ok
    ? [`Connected as ${flow.account ?? 'your account'}. You can close this window.`]
    : [flow.error?.message ?? 'The sign-in failed.', flow.error?.hint ?? ''];
  const message = { type: OAUTH_MESSAGE_TYPE, ...flow };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.25rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${lines
  .filter(Boolean)
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join('\n')}
</main>
<script nonce="${nonce}">
const message = ${scriptJson(message)};
try { const channel = new BroadcastChannel(${scriptJson(OAUTH_MESSAGE_TYPE)}); channel.postMessage(message); channel.close(); } catch {}
for (const origin of ${scriptJson(targetOrigins)}) { try { window.opener && window.opener.postMessage(message, origin); } catch {} }
${ok ? 'setTimeout(() => window.close(), 300);' : ''}
</script>
</body>
</html>
`;
}
