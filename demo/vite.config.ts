import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));
// The demo that `npm start` runs, on the port given to both (PORT, as for the demo itself).
const demo = `http://127.0.0.1:${process.env.PORT ?? 8025}`;

/**
 * Builds the demo's three pages into `dist/web`, which the demo server serves at `/`; `vite` (`npm run
 * dev -w @smtp-settings/demo`) serves them from source with hot reload, passing their API calls to the demo.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  server: {
    // The demo trusts this one origin (VITE_DEV_ORIGIN): on a busy port, fail rather than move to another.
    port: 5173,
    strictPort: true,
    // The browser's Origin goes through unchanged (changeOrigin would rewrite only Host): the demo trusts it.
    proxy: { '/api/smtp': demo, '/demo/': demo },
  },
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
