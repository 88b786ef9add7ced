import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './build/minify-templates.js';

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Whatever a host installs itself (peer dependencies) or gets deduplicated from npm stays an import.
const EXTERNAL = /^(?:lit|@lit\/[^/]+|valibot|react|vue|@smtp-settings\/schema)(?:\/.*)?$/;

export default defineConfig({
  plugins: [minifyTemplates()],
  build: {
    lib: {
      entry: {
        index: entry('./src/index.ts'),
        define: entry('./src/define.ts'),
        'delivery-log': entry('./src/delivery-log.ts'),
        react: entry('./src/react.ts'),
        'react-delivery-log': entry('./src/react-delivery-log.ts'),
        'react-jsx': entry('./src/react-jsx.ts'),
        vue: entry('./src/vue.ts'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      external: (id) => EXTERNAL.test(id),
      // Library mode leaves whitespace in ES output unless told otherwise.
      output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
