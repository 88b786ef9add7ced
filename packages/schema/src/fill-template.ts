import type { ServerTextParams } from './server-texts.js';

// Apart from SERVER_TEXTS, whose object spreads a bundler keeps: the browser needs this, never the catalogue.

/**
 * Fills a template's `{name}` placeholders from `params`; a placeholder without a value stays as written.
 *
 * @example
 * fillTemplate('Port {port} is closed.', { port: 2525 }); // 'Port 2525 is closed.'
 */
export function fillTemplate(template: string, params: ServerTextParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}
