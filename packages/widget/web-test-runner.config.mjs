import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { adapterServer } from './test/adapter-server.mjs';

// Fixed, so the page origin (http://localhost:8765) is the adapter's trusted origin and publicUrl;
// WIDGET_TEST_PORT moves it, so two checkouts can run their browser tests side by side.
const PORT = Number(process.env.WIDGET_TEST_PORT ?? 8765);
const adapter = adapterServer({ port: PORT });

/** Browser tests of the widget in Debian's Chromium, against the real adapter mounted at /api/smtp. */
export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: [fileURLToPath(new URL('./src/**/*.test.ts', import.meta.url))],
  hostname: 'localhost',
  port: PORT,
  nodeResolve: true,
  // Every test file shares the one adapter and SMTP server, and `/__test/reset` starts it over.
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  middleware: [adapter.middleware],
  plugins: [
    adapter.plugin,
    // Without the tsconfig esbuild would define class fields (`useDefineForClassFields`), which would hide Lit's
    // reactive accessors of the `static properties`: the elements would never update.
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        // Debian's Chromium: nothing may download a browser of its own. Root needs --no-sandbox.
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
};
