import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './build/minify-templates.js';

/**
 * Builds `dist/standalone.js` after the library build (`vite.config.ts`): one ES module with every
 * dependency inside and no chunk to fetch, for a page that loads it with a plain `<script type="module">`
 * and resolves no bare specifier.
 */
export default defineConfig({
  plugins: [minifyTemplates()],
  build: {
    // The library build has just written dist/; this one only adds its file.
    emptyOutDir: false,
    lib: {
      entry: { standalone: fileURLToPath(new URL('./src/standalone.ts', import.meta.url)) },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      // The OAuth fields, the audit trail and the delivery status line stay in the one file: a chunk
      // beside it would have to be uploaded and served next to it.
      output: { minify: true, codeSplitting: false },
    },
  },
});
