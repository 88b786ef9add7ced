import { html, render } from 'lit';
import type { PageText } from './i18n/page-en.js';
import { withPageText } from './page-language.js';

const pages: { href: string; label: (text: PageText) => string; paths: string[] }[] = [
  { href: '/', label: (text) => text.webComponentPage, paths: ['/', '/index.html'] },
  { href: '/react.html', label: () => 'React', paths: ['/react.html'] },
  { href: '/vue.html', label: () => 'Vue', paths: ['/vue.html'] },
];

/** Puts the product name and the links between the demo pages at the start of the page's `<header>`. */
export function renderSiteHeader(): void {
  const header = document.querySelector<HTMLElement>('body > header');
  if (!header) throw new Error('The page has no <header>');
  // Captured once: after the first render the header's first child is the rendered brand itself.
  const renderBefore = header.firstChild;
  const current = location.pathname;
  withPageText((text) =>
    render(
      html`<div class="brand">
          <span class="brand-mark" aria-hidden="true">@</span>
          <span class="brand-name">smtp-settings</span>
          <span class="brand-tag">${text.brandTag}</span>
        </div>
        <nav aria-label=${text.pagesNav}>
          <ul>
            ${pages.map(
              ({ href, label, paths }) =>
                html`<li><a href=${href} aria-current=${paths.includes(current) ? 'page' : 'false'}>${label(text)}</a></li>`,
            )}
          </ul>
        </nav>`,
      header,
      { renderBefore },
    ),
  );
}
