import { html, render } from 'lit';

const pages = [
  { href: '/', label: 'Web component', paths: ['/', '/index.html'] },
  { href: '/react.html', label: 'React', paths: ['/react.html'] },
  { href: '/vue.html', label: 'Vue', paths: ['/vue.html'] },
];

/** Puts the product name and the links between the demo pages at the start of the page's `<header>`. */
export function renderSiteHeader(): void {
  const header = document.querySelector<HTMLElement>('body > header');
  if (!header) throw new Error('The page has no <header>');
  const current = location.pathname;
  render(
    html`<div class="brand">
        <span class="brand-mark" aria-hidden="true">@</span>
        <span class="brand-name">smtp-settings</span>
        <span class="brand-tag">demo</span>
      </div>
      <nav aria-label="Demo pages">
        <ul>
          ${pages.map(
            ({ href, label, paths }) =>
              html`<li><a href=${href} aria-current=${paths.includes(current) ? 'page' : 'false'}>${label}</a></li>`,
          )}
        </ul>
      </nav>`,
    header,
    { renderBefore: header.firstChild },
  );
}
