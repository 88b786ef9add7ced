import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { adapterServer } from './test/adapter-server.mjs';
import { launchers } from './test/browsers.mjs';
import { colorSchemeCommand } from './test/color-scheme-command.mjs';
import { standalonePage } from './test/standalone-server.mjs';

// Fixed, so the page origin (http://localhost:8765) is the adapter's trusted origin and publicUrl;
// WIDGET_TEST_PORT moves it, so two checkouts can run their browser tests side by side.
const PORT = Number(process.env.WIDGET_TEST_PORT ?? 8765);
const adapter = adapterServer({ port: PORT });
// One browser per run: two at once would share the one adapter, which each test file resets.
const BROWSER = process.env.WIDGET_TEST_BROWSER ?? 'chromium';
if (!(BROWSER in launchers)) throw new Error(`WIDGET_TEST_BROWSER must be one of ${Object.keys(launchers)}`);

/** Browser tests of the widget in Debian's Chromium or Firefox ESR, against the real adapter mounted at /api/smtp. */
export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: [fileURLToPath(new URL('./src/**/*.test.ts', import.meta.url))],
  hostname: 'localhost',
  port: PORT,
  nodeResolve: true,
  // Every test file shares the one adapter and SMTP server, and `/__test/reset` starts it over.
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  // `standalonePage` first: the built file must reach the page untouched by the plugins below.
  middleware: [standalonePage, adapter.middleware],
  plugins: [
    adapter.plugin,
    colorSchemeCommand(),
    // Without the tsconfig esbuild would define class fields (`useDefineForClassFields`), which would hide Lit's
    // reactive accessors of the `static properties`: the elements would never update.
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  browsers: [launchers[/** @type {keyof typeof launchers} */ (BROWSER)]()],
};
