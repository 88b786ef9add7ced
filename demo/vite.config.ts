import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

/** Builds the demo's three pages into `dist/web`, which the demo server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: page('index.html'), react: page('react.html'), vue: page('vue.html') },
    },
  },
  // Vue's bundler build reads these flags; without its plugin they must be set here.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
});
