import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so a stale dist/ can never hide a change.
    alias: {
      '@smtp-settings/schema': source('./packages/schema/src/index.ts'),
      '@smtp-settings/adapter': source('./packages/adapter/src/index.ts'),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'demo/**/*.test.ts',
      'test/*.test.ts',
      'scripts/**/*.test.ts',
      'examples/**/*.test.ts',
    ],
    // The widget's tests run in a real browser through web-test-runner (`npm run test -w @smtp-settings/widget`).
    exclude: ['**/node_modules/**', '**/dist/**', 'packages/widget/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
