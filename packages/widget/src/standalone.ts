/**
 * Registers `<smtp-settings>` and `<smtp-delivery-log>` for a page without a build step. The build turns
 * this entry into one self-contained file, `dist/standalone.js`, with Lit, @lit/*, valibot and the schema
 * inside, so a plain `<script type="module" src=".../standalone.js">` works from the package or a CDN,
 * without a bundler or an import map. A bundled app imports `define.js` and `delivery-log.js` instead and
 * shares Lit with its other elements.
 */
import './define.js';
import './delivery-log.js';

// The elements' and events' types come along, as from `define.js`.
export type * from './index.js';
