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
    include: ['packages/*/src/**/*.test.ts', 'demo/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
